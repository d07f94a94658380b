-- A stand-in for jitsi-meet's mod_muc_census, which Debian's prosody does not ship, so the tests
-- can ask a real prosody for a census. It answers as the current upstream module does: enabled
-- on a VirtualHost, it serves GET /room-census there
-- (so the request's Host must be that VirtualHost) with the rooms of "conference.<host>",
-- participants = occupants - 1 ("minus focus", counted blindly), health-check rooms left out,
-- "leaked" on every room, "created_time" only when a room has a creation time, [] when there are
-- no rooms, and no Content-Type header.
local json = require "util.json";
local array = require "util.array";

local muc_domain = module:get_option_string("muc_mapper_domain_prefix", "conference") .. "." .. module.host;

local function occupant_count(room)
	local count = 0;
	for _ in room:each_occupant() do
		count = count + 1;
	end
	return count;
end

local function room_census()
	local muc_host = prosody.hosts[muc_domain];
	if not (muc_host and muc_host.modules.muc) then
		module:log("warn", "No MUC component at %s, so no census", muc_domain);
		return 400;
	end
	local rooms = array();
	for room in muc_host.modules.muc.live_rooms() do
		if not room.jid:find("^__jicofo%-health%-check") then
			rooms:push({
				room_name = room.jid;
				participants = occupant_count(room) - 1;
				created_time = room.created_timestamp;
				leaked = false; -- no leak detection in this stand-in
			});
		end
	end
	return json.encode({ room_census = rooms });
end

module:depends("http");
module:provides("http", {
	default_path = "/";
	route = {
		["GET room-census"] = room_census;
	};
});
