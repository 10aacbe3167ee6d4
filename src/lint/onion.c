/* Onion Domain Names; see onion.h. */
#include "lint/onion.h"

#include <openssl/evp.h>
#include <string.h>

#include "util/span.h"

static const char onion_tld[] = ".onion";

bool cs_onion_name(cs_span dns)
{
    size_t n = sizeof onion_tld - 1;
    if (dns.len > 0 && dns.p[dns.len - 1] == '.')
        dns.len--;
    return dns.len > n && cs_span_eq_nocase(cs_span_make(dns.p + dns.len - n, n), cs_span_make(onion_tld, n));
}

cs_span cs_onion_address_label(cs_span dns)
{
    if (dns.len > 0 && dns.p[dns.len - 1] == '.')
        dns.len--;
    if (!cs_onion_name(dns))
        return cs_span_make(dns.p, 0);
    size_t end = dns.len - (sizeof onion_tld - 1), start = end;
    while (start > 0 && dns.p[start - 1] != '.')
        start--;
    return cs_span_make(dns.p + start, end - start);
}

static int base32_value(uint8_t ch)
{
    if (ch >= 'a' && ch <= 'z')
        return ch - 'a';
    if (ch >= 'A' && ch <= 'Z')
        return ch - 'A';
    if (ch >= '2' && ch <= '7')
        return ch - '2' + 26;
    return -1;
}

bool cs_onion_v3_address(cs_span label)
{
    enum { CHARS = 56, OCTETS = 35 }; /* 56 * 5 bits = 280 bits = 35 octets */
    if (label.len != CHARS)
        return false;
    uint8_t raw[OCTETS];
    uint32_t acc = 0;
    unsigned bits = 0;
    size_t n = 0;
    for (size_t i = 0; i < CHARS; i++) {
        int v = base32_value(label.p[i]);
        if (v < 0)
            return false;
        acc = acc << 5 | (uint32_t)v;
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            raw[n++] = (uint8_t)(acc >> bits);
        }
    }
    if (n != OCTETS || raw[34] != 0x03)
        return false;
    /* Only onion names come here: one digest per name. */
    static const char prefix[] = ".onion checksum";
    uint8_t msg[sizeof prefix - 1 + 32 + 1], digest[EVP_MAX_MD_SIZE];
    unsigned dlen = 0;
    memcpy(msg, prefix, sizeof prefix - 1);
    memcpy(msg + sizeof prefix - 1, raw, 32);
    msg[sizeof msg - 1] = 0x03;
    if (!EVP_Digest(msg, sizeof msg, digest, &dlen, EVP_sha3_256(), NULL) || dlen < 2)
        return false;
    return digest[0] == raw[32] && digest[1] == raw[33];
}
