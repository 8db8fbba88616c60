/* Harness (ours): each input line is a resolv.conf "sortlist" value. It is given to ares_set_sortlist and the
 * patterns the channel keeps are printed (family, address, prefix bits or mask), so every poll shows what the
 * sortlist parser computed. Built against the library's private header to read the patterns back. */
#include "ares_setup.h"
#include "ares.h"
#include "ares_private.h"
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

static void print_pattern(const struct apattern *p)
{
  char addr[INET6_ADDRSTRLEN];
  char mask[INET_ADDRSTRLEN];
  if (p->family == AF_INET6) {
    /* Only the prefix is the pattern: bytes past it are left as they were by the parser, so they are cleared. */
    unsigned char bytes[16];
    unsigned i, bits = p->mask.bits;
    memcpy(bytes, &p->addrV6, sizeof bytes);
    for (i = 0; i < 16; i++)
      bytes[i] &= (unsigned char)(bits >= 8 * (i + 1) ? 0xff : bits <= 8 * i ? 0 : 0xff << (8 - (bits - 8 * i)));
    inet_ntop(AF_INET6, bytes, addr, sizeof addr);
    printf("  inet6 %s/%u\n", addr, (unsigned)p->mask.bits);
  } else if (p->type == PATTERN_CIDR) {
    inet_ntop(AF_INET, &p->addrV4, addr, sizeof addr);
    printf("  inet %s/%u\n", addr, (unsigned)p->mask.bits);
  } else {
    inet_ntop(AF_INET, &p->addrV4, addr, sizeof addr);
    inet_ntop(AF_INET, &p->mask.addr4, mask, sizeof mask);
    printf("  inet %s mask %s\n", addr, mask);
  }
}

int main(void)
{
  static char line[8192];
  ares_channel channel;
  if (ares_library_init(ARES_LIB_INIT_ALL) != ARES_SUCCESS || ares_init(&channel) != ARES_SUCCESS) {
    puts("init failed");
    return 2;
  }
  while (fgets(line, sizeof line, stdin) != NULL) {
    size_t n = strlen(line);
    int i, status;
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
      line[--n] = '\0';
    status = ares_set_sortlist(channel, line);
    printf("%s: %s, %d pattern(s)\n", line, ares_strerror(status), channel->nsort);
    for (i = 0; i < channel->nsort; i++)
      print_pattern(&channel->sortlist[i]);
  }
  ares_destroy(channel);
  ares_library_cleanup();
  return 0;
}
