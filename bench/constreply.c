/*
 * The practical limit of an agent-check server on this machine: one thread that accepts, writes
 * one constant line and closes. Usage: constreply PORT (listens on 127.0.0.1; SIGTERM stops it).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: constreply PORT\n");
        return 64;
    }
    signal(SIGPIPE, SIG_IGN);
    int server = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(server, (struct sockaddr *) &addr, sizeof addr) != 0 || listen(server, 4096) != 0) {
        perror("constreply: bind");
        return 1;
    }
    static const char line[] = "up ready 100%\n";
    for (;;) {
        int c = accept(server, NULL, NULL);
        if (c < 0) {
            continue;
        }
        if (write(c, line, sizeof line - 1) < 0) {
            /* the client went away: nothing to do */
        }
        close(c);
    }
}
