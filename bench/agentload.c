/*
 * The benchmark's HAProxy side: measures an agent-check server on 127.0.0.1:PORT. A reply is the
 * line the server writes before it closes; a connection that ends without one is an error.
 *
 *   agentload startup PORT TIMEOUT_MS CMD [ARG...]  start CMD (its output discarded), print ms from
 *                                                   fork to the first reply, then stop it (SIGTERM)
 *   agentload wait PORT TIMEOUT_MS                  print ms until a first reply
 *   agentload cycles PORT N INFLIGHT                N connections, INFLIGHT at a time: "conn/s errors"
 *   agentload burst PORT N TIMEOUT_MS               N connects at once: "replies max_ms"
 *   agentload until PORT WORD TIMEOUT_MS [FILE TEXT] write TEXT to FILE by rename (if given), then print
 *                                                   ms until the reply contains WORD
 *   agentload freeport                              print a TCP port of 127.0.0.1 that is free now
 * Exit 0 when measured, 1 on a timeout (the figure printed is then the timeout), 64 on bad usage.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static struct sockaddr_in target;

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* One blocking agent check: the reply in line (NUL-terminated), or -1 when there was none. */
static int check(char *line, size_t size) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) {
        return -1;
    }
    struct timeval timeout = {.tv_sec = 2};
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (connect(s, (struct sockaddr *) &target, sizeof target) != 0) {
        close(s);
        return -1;
    }
    size_t have = 0;
    ssize_t n;
    while (have < size - 1 && (n = read(s, line + have, size - 1 - have)) > 0) {
        have += n;
    }
    close(s);
    line[have] = 0;
    return have > 0 ? 0 : -1;
}

static void pause_ms(double ms) {
    struct timespec t = {.tv_sec = 0, .tv_nsec = (long) (ms * 1e6)};
    nanosleep(&t, NULL);
}

/* Polls every millisecond until a reply containing word (any reply if word is empty). */
static int await_reply(const char *word, double start, double timeout_ms) {
    char line[256];
    while (now_ms() - start < timeout_ms) {
        if (check(line, sizeof line) == 0 && strstr(line, word)) {
            printf("%.1f\n", now_ms() - start);
            return 0;
        }
        pause_ms(1);
    }
    printf("%.1f\n", timeout_ms);
    return 1;
}

static int open_nonblocking(int epoll) {
    int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (s < 0) {
        return -1;
    }
    if (connect(s, (struct sockaddr *) &target, sizeof target) != 0 && errno != EINPROGRESS) {
        close(s);
        return -1;
    }
    struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.fd = s};
    epoll_ctl(epoll, EPOLL_CTL_ADD, s, &ev);
    return s;
}

/* Reads what is there: 1 at the end of the reply, 0 to wait for more, -1 on an error; *got counts bytes. */
static int drain(int s, long *got) {
    char buffer[512];
    for (;;) {
        ssize_t n = read(s, buffer, sizeof buffer);
        if (n > 0) {
            *got += n;
            continue;
        }
        if (n == 0) {
            return 1;
        }
        return errno == EAGAIN ? 0 : -1;
    }
}

static void raise_fd_limit(long needed) {
    struct rlimit limit;
    getrlimit(RLIMIT_NOFILE, &limit);
    if ((long) limit.rlim_cur < needed) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

static int cycles(long total, int inflight) {
    raise_fd_limit(inflight + 64);
    int epoll = epoll_create1(0);
    long *got = calloc(1 << 20, sizeof *got);
    long started = 0, done = 0, errors = 0;
    double start = now_ms();
    for (; started < inflight && started < total; started++) {
        int s = open_nonblocking(epoll);
        if (s < 0) {
            errors++;
            done++;
        }
    }
    struct epoll_event events[256];
    while (done < total) {
        int n = epoll_wait(epoll, events, 256, 5000);
        if (n <= 0) {
            errors += total - done;
            break;
        }
        for (int i = 0; i < n; i++) {
            int s = events[i].data.fd;
            int r = drain(s, &got[s]);
            if (r == 0) {
                continue;
            }
            if (r < 0 || got[s] == 0) {
                errors++;
            }
            got[s] = 0;
            close(s);
            done++;
            if (started < total) {
                started++;
                if (open_nonblocking(epoll) < 0) {
                    errors++;
                    done++;
                }
            }
        }
    }
    double seconds = (now_ms() - start) / 1e3;
    printf("%.0f %ld\n", total / seconds, errors);
    return 0;
}

static int burst(int total, double timeout_ms) {
    raise_fd_limit(total + 64);
    int epoll = epoll_create1(0);
    long *got = calloc(1 << 20, sizeof *got);
    double start = now_ms();
    int pending = 0, replies = 0;
    double max = 0;
    for (int i = 0; i < total; i++) {
        if (open_nonblocking(epoll) >= 0) {
            pending++;
        }
    }
    struct epoll_event events[256];
    while (pending > 0 && now_ms() - start < timeout_ms) {
        int n = epoll_wait(epoll, events, 256, 100);
        for (int i = 0; i < n; i++) {
            int s = events[i].data.fd;
            int r = drain(s, &got[s]);
            if (r == 0) {
                continue;
            }
            if (r > 0 && got[s] > 0) {
                replies++;
                double took = now_ms() - start;
                max = took > max ? took : max;
            }
            close(s);
            pending--;
        }
    }
    printf("%d %.0f\n", replies, pending > 0 ? timeout_ms : max);
    return 0;
}

static int startup(double timeout_ms, char **command) {
    double start = now_ms();
    pid_t child = fork();
    if (child == 0) {
        int quiet = open("/dev/null", O_WRONLY);
        dup2(quiet, 1);
        dup2(quiet, 2);
        execvp(command[0], command);
        perror("agentload: exec");
        _exit(127);
    }
    int status = await_reply("", start, timeout_ms);
    kill(child, SIGTERM);
    waitpid(child, NULL, 0);
    return status;
}

static int until(const char *word, double timeout_ms, const char *file, const char *text) {
    if (file) {
        char next[4096];
        snprintf(next, sizeof next, "%s.next", file);
        FILE *f = fopen(next, "w");
        if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
            perror("agentload: write");
            return 1;
        }
        if (rename(next, file) != 0) {
            perror("agentload: rename");
            return 1;
        }
    }
    return await_reply(word, now_ms(), timeout_ms);
}

static int freeport(void) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in any = {.sin_family = AF_INET};
    any.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof any;
    if (bind(s, (struct sockaddr *) &any, sizeof any) != 0 || getsockname(s, (struct sockaddr *) &any, &size) != 0) {
        perror("agentload: freeport");
        return 1;
    }
    printf("%d\n", ntohs(any.sin_port));
    close(s);
    return 0;
}

int main(int argc, char **argv) {
    signal(SIGPIPE, SIG_IGN);
    if (argc == 2 && strcmp(argv[1], "freeport") == 0) {
        return freeport();
    }
    if (argc < 4) {
        fprintf(stderr, "usage: agentload startup|wait|cycles|burst|until PORT ...\n");
        return 64;
    }
    target.sin_family = AF_INET;
    target.sin_port = htons(atoi(argv[2]));
    target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const char *mode = argv[1];
    if (strcmp(mode, "startup") == 0 && argc >= 5) {
        return startup(atof(argv[3]), argv + 4);
    }
    if (strcmp(mode, "wait") == 0) {
        return await_reply("", now_ms(), atof(argv[3]));
    }
    if (strcmp(mode, "cycles") == 0 && argc == 5) {
        return cycles(atol(argv[3]), atoi(argv[4]));
    }
    if (strcmp(mode, "burst") == 0 && argc == 5) {
        return burst(atoi(argv[3]), atof(argv[4]));
    }
    if (strcmp(mode, "until") == 0 && (argc == 5 || argc == 7)) {
        return until(argv[3], atof(argv[4]), argc == 7 ? argv[5] : NULL, argc == 7 ? argv[6] : NULL);
    }
    fprintf(stderr, "agentload: bad arguments for %s\n", mode);
    return 64;
}
