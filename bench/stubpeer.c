/*
 * A healthy jicofo and prosody on one port, for the benchmark: GET /about/health answers "OK",
 * /stats jicofo's statistics (12 participants, 3 conferences), /http-bind prosody's BOSH page,
 * anything else 404; every answer closes the connection. While the file HANGFILE exists it accepts
 * connections and never answers (a hung jicofo). Single-threaded; usage: stubpeer PORT HANGFILE.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define MAX_HUNG 4096

static const char STATS[] = "{\"total_participants\":36,\"total_conferences_created\":6,\"conferences\":3,"
    "\"largest_conference\":0,\"participants\":12,\"visitors\":0,\"threads\":33,\"healthy\":true}";
static const char BOSH[] = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>Prosody BOSH endpoint</title>\n</head>\n<body>\n<h1> Prosody BOSH endpoint</h1>\n"
    "<p>It works! Now point your BOSH client to this URL to connect to Prosody.</p>\n</body>\n</html>\n";

static void answer(int c, int status, const char *type, const char *body) {
    char head[256];
    int n = snprintf(head, sizeof head, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
            "Connection: close\r\n\r\n", status, status == 200 ? "OK" : "Not Found", type, strlen(body));
    if (write(c, head, n) < 0 || write(c, body, strlen(body)) < 0) {
        /* the poller went away */
    }
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: stubpeer PORT HANGFILE\n");
        return 64;
    }
    signal(SIGPIPE, SIG_IGN);
    int server = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(server, (struct sockaddr *) &addr, sizeof addr) != 0 || listen(server, 128) != 0) {
        perror("stubpeer: bind");
        return 1;
    }
    int hung[MAX_HUNG];
    int nhung = 0;
    for (;;) {
        int c = accept(server, NULL, NULL);
        if (c < 0) {
            continue;
        }
        if (access(argv[2], F_OK) == 0) {
            if (nhung == MAX_HUNG) {
                close(c);
            } else {
                hung[nhung++] = c;
            }
            continue;
        }
        while (nhung > 0) {
            close(hung[--nhung]);
        }
        struct timeval timeout = {.tv_sec = 1};
        setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        char request[4096];
        size_t have = 0;
        ssize_t n;
        while (have < sizeof request - 1 && (n = read(c, request + have, sizeof request - 1 - have)) > 0) {
            have += n;
            request[have] = 0;
            if (strstr(request, "\r\n\r\n")) {
                break;
            }
        }
        request[have] = 0;
        if (strncmp(request, "GET /about/health ", 18) == 0) {
            answer(c, 200, "text/plain; charset=UTF-8", "OK");
        } else if (strncmp(request, "GET /stats ", 11) == 0) {
            answer(c, 200, "application/json", STATS);
        } else if (strncmp(request, "GET /http-bind ", 15) == 0) {
            answer(c, 200, "text/html; charset=utf-8", BOSH);
        } else {
            answer(c, 404, "text/plain", "not found");
        }
        close(c);
    }
}
