/*
 * gen-resp.c: writes the Redis commands (RESP) for the benchmark data set of
 * bench/make-large-rdb.sh to stdout, for `redis-cli --pipe`.
 *
 * usage: gen-resp TARGET_BYTES [SEED]
 *
 * The output depends only on TARGET_BYTES and SEED, so the data set is the same on every machine
 * (the RDB file still differs in its timestamps: aux fields, consumer-group delivery times).
 *
 * TARGET_BYTES is the wanted size of the RDB file written with `rdbcompression no`. The generator
 * keeps an estimate of the bytes each key takes in such a file and stops once the estimates add
 * up to the target. Keys of the six types are interleaved, always adding to the type furthest
 * below its share of the estimated bytes:
 *
 *   strings 70%  16 B .. 64 KB, skewed to small; ~30% of them integers; ~3% binary
 *   lists    8%  small (one listpack node) and large (multi-node quicklist)
 *   hashes   7%  small (listpack) and large (hashtable)
 *   sets     5%  small integer sets (intset), large integer and string sets (hashtable)
 *   zsets    5%  small (listpack) and large (skiplist)
 *   streams  5%  several fields per entry, some XDELs, some consumer groups with pending entries
 *
 * About 10% of the strings and 5% of the other keys get an expiry in the year 2100.
 * A summary (keys and estimated bytes per type) goes to stderr.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- deterministic random numbers (splitmix64) ---- */

static uint64_t rng_state;

static uint64_t next64(void) {
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static uint64_t below(uint64_t n) { return next64() % n; }

/* uniform in [lo, hi] */
static uint64_t range(uint64_t lo, uint64_t hi) { return lo + below(hi - lo + 1); }

static int chance(double p) { return (double)(next64() >> 11) * (1.0 / 9007199254740992.0) < p; }

/* ---- buffered RESP output ---- */

static char out[1 << 20];
static size_t out_len;

static void flush_out(void) {
    if (out_len && fwrite(out, 1, out_len, stdout) != out_len) {
        perror("gen-resp: write");
        exit(1);
    }
    out_len = 0;
}

static void put(const void *p, size_t n) {
    if (n > sizeof out - out_len) {
        flush_out();
        if (n > sizeof out) {
            if (fwrite(p, 1, n, stdout) != n) {
                perror("gen-resp: write");
                exit(1);
            }
            return;
        }
    }
    memcpy(out + out_len, p, n);
    out_len += n;
}

/* decimal digits of v into buf (no terminator); returns the length */
static int fmt_i64(char *buf, int64_t v) {
    char tmp[24];
    int n = 0, len = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) buf[len++] = '-';
    while (n) buf[len++] = tmp[--n];
    return len;
}

static void header(char type, uint64_t n) {
    char b[32];
    b[0] = type;
    int len = 1 + fmt_i64(b + 1, (int64_t)n);
    b[len++] = '\r';
    b[len++] = '\n';
    put(b, (size_t)len);
}

static void cmd(uint64_t nargs) { header('*', nargs); }

static void arg(const char *p, size_t n) {
    header('$', n);
    put(p, n);
    put("\r\n", 2);
}

static void arg_str(const char *s) { arg(s, strlen(s)); }

static void arg_int(int64_t v) {
    char b[24];
    arg(b, (size_t)fmt_i64(b, v));
}

/* ---- value material ---- */

#define TEXT_POOL (4u << 20)
#define BIN_POOL (1u << 20)
static char text_pool[TEXT_POOL];
static char bin_pool[BIN_POOL];

static void fill_pools(void) {
    /* mostly letters and digits, with spaces and punctuation, including a few characters a JSON
       writer has to escape (quote, backslash) */
    static const char alphabet[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        "      ..,,::--__//=&?!@#%()[]{}<>+*'|~$^;"
        "\"\\";
    const size_t n = sizeof alphabet - 1;
    for (size_t i = 0; i < TEXT_POOL; i++) text_pool[i] = alphabet[below(n)];
    for (size_t i = 0; i < BIN_POOL; i += 8) {
        uint64_t r = next64();
        memcpy(bin_pool + i, &r, 8);
    }
}

static const char *text(size_t len) { return text_pool + below(TEXT_POOL - len); }
static const char *binary(size_t len) { return bin_pool + below(BIN_POOL - len); }

/* ---- size estimates for an uncompressed RDB (rdbcompression no) ---- */

static uint64_t len_hdr(uint64_t n) { return n < 64 ? 1 : n < 16384 ? 2 : 5; }

static uint64_t est_string(uint64_t len) { return len_hdr(len) + len; }

/* a string that Redis may store as an integer: "123" -> RDB int encoding */
static uint64_t est_int_string(int64_t v) {
    if (v >= -128 && v <= 127) return 2;
    if (v >= -32768 && v <= 32767) return 3;
    if (v >= INT32_MIN && v <= INT32_MAX) return 5;
    char b[24];
    return est_string((uint64_t)fmt_i64(b, v));
}

static uint64_t est_lp_str(uint64_t len) {
    uint64_t hdr = len < 64 ? 1 : len < 4096 ? 2 : 5;
    uint64_t e = hdr + len;
    return e + (e < 128 ? 1 : e < 16384 ? 2 : 3);
}

static uint64_t est_lp_int(int64_t v) {
    if (v >= 0 && v <= 127) return 2;
    if (v >= -4096 && v <= 4095) return 3;
    if (v >= -32768 && v <= 32767) return 4;
    if (v >= -8388608 && v <= 8388607) return 5;
    if (v >= INT32_MIN && v <= INT32_MAX) return 6;
    return 10;
}

static uint64_t est_key(size_t key_len) { return 1 + est_string(key_len); }

#define EST_EXPIRY 9

/* ---- bookkeeping ---- */

enum { T_STRING, T_LIST, T_HASH, T_SET, T_ZSET, T_STREAM, T_COUNT };
static const char *type_name[T_COUNT] = {"string", "list", "hash", "set", "zset", "stream"};
static const double share[T_COUNT] = {0.70, 0.08, 0.07, 0.05, 0.05, 0.05};
static uint64_t type_keys[T_COUNT], type_bytes[T_COUNT], expiring[T_COUNT];

/* variants, reported in the summary */
static uint64_t str_int, str_bin, str_text, str_over_4k;
static uint64_t list_small, list_large, list_elems;
static uint64_t hash_lp, hash_ht, hash_fields;
static uint64_t set_intset, set_int_ht, set_str_ht, set_members;
static uint64_t zset_lp, zset_sl, zset_members;
static uint64_t stream_entries, stream_groups, stream_dels, stream_pending;

static uint64_t key_seq; /* every key name carries a distinct number */
static char key[128];
static size_t key_len;

static void make_key(const char *prefix, const char *suffix) {
    uint64_t n = key_seq++;
    char num[24];
    int len = fmt_i64(num, (int64_t)n);
    key_len = (size_t)snprintf(key, sizeof key, "%s%.*s%s", prefix, len, num, suffix);
}

static void make_session_key(void) {
    uint64_t n = key_seq++;
    /* odd multiplier: a bijection on 64-bit numbers, so still distinct */
    key_len = (size_t)snprintf(key, sizeof key, "session:%016" PRIx64, (uint64_t)(n * 0x9E3779B97F4A7C15ULL));
}

#define FAR_FUTURE_MS 4102444800000LL /* 2100-01-01T00:00:00Z */

static int64_t far_future_ms(void) { return FAR_FUTURE_MS + (int64_t)below(365LL * 86400 * 1000); }

/* PEXPIREAT for the non-string types; returns the estimated bytes */
static uint64_t maybe_expire(int type) {
    if (!chance(0.05)) return 0;
    cmd(3);
    arg_str("PEXPIREAT");
    arg(key, key_len);
    arg_int(far_future_ms());
    expiring[type]++;
    return EST_EXPIRY;
}

/* ---- strings ---- */

static uint64_t gen_string(void) {
    switch (below(6)) {
    case 0: make_key("user:", ":name"); break;
    case 1: make_session_key(); break;
    case 2: make_key("cache:page:/articles/", ""); break;
    case 3: make_key("cnt:", ""); break;
    case 4: make_key("cfg:", ":json"); break;
    default: make_key("k", ""); break;
    }
    uint64_t est = est_key(key_len);
    int expire = chance(0.10);
    cmd(expire ? 5 : 3);
    arg_str("SET");
    arg(key, key_len);

    double r = (double)below(1000000) / 1e6;
    if (r < 0.30) {
        int64_t v;
        switch (below(3)) {
        case 0: v = (int64_t)below(10000); break;
        case 1: v = (int64_t)below(1ULL << 40); break;
        default: v = -(int64_t)range(1, 1000000); break;
        }
        arg_int(v);
        est += est_int_string(v);
        str_int++;
    } else {
        uint64_t len;
        r = (r - 0.30) / 0.70; /* of the non-integer strings: */
        if (r < 0.55) len = range(16, 64);
        else if (r < 0.82) len = range(65, 512);
        else if (r < 0.94) len = range(513, 4096);
        else if (r < 0.99) len = range(4097, 16384);
        else len = range(16385, 65536);
        if (len > 4096) str_over_4k++;
        if (chance(0.03)) {
            arg(binary(len), len);
            str_bin++;
        } else {
            arg(text(len), len);
            str_text++;
        }
        est += est_string(len);
    }
    if (expire) {
        arg_str("PXAT");
        arg_int(far_future_ms());
        est += EST_EXPIRY;
        expiring[T_STRING]++;
    }
    return est;
}

/* ---- lists ---- */

#define LIST_NODE_BYTES 8192 /* list-max-listpack-size -2 */

static uint64_t gen_list(void) {
    int large = chance(0.25);
    if (chance(0.5)) make_key("queue:jobs:", "");
    else make_key("list:", ":recent");
    uint64_t n = large ? range(1000, 20000) : range(3, 120);
    uint64_t max_len = large ? 256 : 60;
    uint64_t lp_bytes = 0;
    for (uint64_t done = 0; done < n;) {
        uint64_t k = n - done < 1000 ? n - done : 1000;
        cmd(2 + k);
        arg_str("RPUSH");
        arg(key, key_len);
        for (uint64_t i = 0; i < k; i++) {
            if (chance(0.2)) {
                int64_t v = (int64_t)below(100000);
                arg_int(v);
                lp_bytes += est_lp_int(v);
            } else {
                uint64_t len = range(4, max_len);
                arg(text(len), len);
                lp_bytes += est_lp_str(len);
            }
        }
        done += k;
    }
    uint64_t nodes = lp_bytes / LIST_NODE_BYTES + 1;
    uint64_t est = est_key(key_len) + len_hdr(nodes) + nodes * (1 + 3 + 7) + lp_bytes;
    if (large) list_large++;
    else list_small++;
    list_elems += n;
    return est + maybe_expire(T_LIST);
}

/* ---- hashes ---- */

static const char *field_names[] = {"name", "email", "created_at", "updated_at", "status", "plan",
                                    "country", "city", "visits", "score", "token", "avatar",
                                    "locale", "tz", "referrer", "flags"};
#define N_FIELD_NAMES (sizeof field_names / sizeof field_names[0])

static uint64_t gen_hash(void) {
    int large = chance(0.20);
    if (large) make_key("obj:", ":fields");
    else make_key("h:user:", "");
    uint64_t n = large ? range(200, 5000) : range(2, 60);
    uint64_t body = 0;
    char fname[48];
    for (uint64_t done = 0; done < n;) {
        uint64_t k = n - done < 500 ? n - done : 500;
        cmd(2 + 2 * k);
        arg_str("HSET");
        arg(key, key_len);
        for (uint64_t i = done; i < done + k; i++) {
            size_t flen;
            if (large) flen = (size_t)snprintf(fname, sizeof fname, "field:%" PRIu64, i);
            else if (i < N_FIELD_NAMES) flen = (size_t)snprintf(fname, sizeof fname, "%s", field_names[i]);
            else flen = (size_t)snprintf(fname, sizeof fname, "%s_%" PRIu64, field_names[i % N_FIELD_NAMES], i / N_FIELD_NAMES);
            arg(fname, flen);
            body += large ? est_string(flen) : est_lp_str(flen);
            if (chance(0.3)) {
                int64_t v = (int64_t)below(1ULL << 32);
                arg_int(v);
                body += large ? est_int_string(v) : est_lp_int(v);
            } else {
                uint64_t len = large ? range(8, 300) : range(1, 60);
                arg(text(len), len);
                body += large ? est_string(len) : est_lp_str(len);
            }
        }
        done += k;
    }
    uint64_t est = est_key(key_len);
    if (large) {
        est += len_hdr(n) + body;
        hash_ht++;
    } else {
        body += 7;
        est += len_hdr(body) + body;
        hash_lp++;
    }
    hash_fields += n;
    return est + maybe_expire(T_HASH);
}

/* ---- sets ---- */

static uint64_t gen_set(void) {
    uint64_t r = below(100);
    uint64_t est;
    if (r < 55) {
        /* integers: small ones stay an intset (<= 512 members), large ones become a hashtable */
        int large = r >= 40;
        make_key(large ? "set:ids:" : "set:small:", "");
        uint64_t n = large ? range(600, 5000) : range(5, 500);
        int64_t base, step;
        uint64_t width;
        switch (below(3)) {
        case 0: base = (int64_t)below(1000); step = (int64_t)range(1, 30000 / n); width = 2; break;
        case 1: base = 100000; step = (int64_t)range(1, 1000000); width = 4; break;
        default: base = 1000000000000LL; step = (int64_t)range(1, 1000000000); width = 8; break;
        }
        uint64_t body = 0;
        for (uint64_t done = 0; done < n;) {
            uint64_t k = n - done < 1000 ? n - done : 1000;
            cmd(2 + k);
            arg_str("SADD");
            arg(key, key_len);
            for (uint64_t i = done; i < done + k; i++) {
                int64_t v = base + (int64_t)i * step;
                arg_int(v);
                body += est_int_string(v);
            }
            done += k;
        }
        if (large) {
            est = est_key(key_len) + len_hdr(n) + body;
            set_int_ht++;
        } else {
            uint64_t blob = 8 + n * width;
            est = est_key(key_len) + len_hdr(blob) + blob;
            set_intset++;
        }
        set_members += n;
    } else {
        make_key("set:tags:", "");
        uint64_t n = range(5, 3000);
        uint64_t body = 0;
        char m[128];
        for (uint64_t done = 0; done < n;) {
            uint64_t k = n - done < 1000 ? n - done : 1000;
            cmd(2 + k);
            arg_str("SADD");
            arg(key, key_len);
            for (uint64_t i = done; i < done + k; i++) {
                uint64_t tail = range(4, 30);
                size_t len = (size_t)snprintf(m, sizeof m, "member:%" PRIu64 ":%.*s", i, (int)tail, text(tail));
                arg(m, len);
                body += est_string(len);
            }
            done += k;
        }
        est = est_key(key_len) + len_hdr(n) + body;
        set_str_ht++;
        set_members += n;
    }
    return est + maybe_expire(T_SET);
}

/* ---- sorted sets ---- */

static uint64_t gen_zset(void) {
    int large = chance(0.35);
    make_key(large ? "zset:leaderboard:" : "zset:top:", "");
    uint64_t n = large ? range(200, 8000) : range(3, 120);
    uint64_t body = 0;
    char m[160], s[40];
    for (uint64_t done = 0; done < n;) {
        uint64_t k = n - done < 500 ? n - done : 500;
        cmd(2 + 2 * k);
        arg_str("ZADD");
        arg(key, key_len);
        for (uint64_t i = done; i < done + k; i++) {
            size_t slen;
            int integral = chance(0.5);
            int64_t iv = (int64_t)below(1000000);
            if (integral) slen = (size_t)fmt_i64(s, iv);
            else slen = (size_t)snprintf(s, sizeof s, "%.3f", (double)below(1000000000) / 1000.0);
            arg(s, slen);
            uint64_t tail = large ? range(0, 90) : range(0, 45);
            size_t mlen = (size_t)snprintf(m, sizeof m, "player:%" PRIu64 ":%.*s", i, (int)tail, text(tail));
            arg(m, mlen);
            if (large) body += est_string(mlen) + 8;
            else body += est_lp_str(mlen) + (integral ? est_lp_int(iv) : est_lp_str(slen + 6));
        }
        done += k;
    }
    uint64_t est = est_key(key_len);
    if (large) {
        est += len_hdr(n) + body;
        zset_sl++;
    } else {
        body += 7;
        est += len_hdr(body) + body;
        zset_lp++;
    }
    zset_members += n;
    return est + maybe_expire(T_ZSET);
}

/* ---- streams ---- */

static const char *stream_fields[] = {"type", "user", "amount", "status", "region", "ip", "agent", "ref"};
#define N_STREAM_FIELDS (sizeof stream_fields / sizeof stream_fields[0])
#define STREAM_NODE_ENTRIES 100 /* stream-node-max-entries */

static uint64_t gen_stream(void) {
    make_key("stream:events:", "");
    uint64_t n = range(100, 8000);
    uint64_t nf = range(2, 6);
    int payload = chance(0.5);   /* an extra larger "payload" field */
    int varying = chance(0.2);   /* half the entries carry one more field: not all entries share the fields */
    uint64_t ms = 1700000000000ULL + below(1000000000ULL), seq = 0;
    uint64_t *ids = malloc(n * 2 * sizeof *ids);
    if (!ids) {
        perror("gen-resp");
        exit(1);
    }
    uint64_t body = 0;
    char id[48];
    for (uint64_t i = 0; i < n; i++) {
        uint64_t step = below(30);
        if (step) {
            ms += step;
            seq = 0;
        } else {
            seq++;
        }
        ids[2 * i] = ms;
        ids[2 * i + 1] = seq;
        int extra = varying && (i & 1);
        uint64_t fields = nf + (payload ? 1 : 0) + (extra ? 1 : 0);
        cmd(3 + 2 * fields);
        arg_str("XADD");
        arg(key, key_len);
        arg(id, (size_t)snprintf(id, sizeof id, "%" PRIu64 "-%" PRIu64, ms, seq));
        body += 3 * 2 + 2; /* flags, ms and seq deltas, lp-count */
        for (uint64_t f = 0; f < nf; f++) {
            arg_str(stream_fields[f]);
            if (chance(0.4)) {
                int64_t v = (int64_t)below(1000000);
                arg_int(v);
                body += est_lp_int(v);
            } else {
                uint64_t len = range(3, 40);
                arg(text(len), len);
                body += est_lp_str(len);
            }
        }
        if (payload) {
            uint64_t len = range(50, 300);
            arg_str("payload");
            arg(text(len), len);
            body += est_lp_str(len);
        }
        if (extra) {
            uint64_t len = range(3, 20);
            arg_str("note");
            arg(text(len), len);
            body += est_lp_str(len) + 1 + est_lp_str(4);
            body += 1 + nf * 6 + (payload ? 9 : 0); /* field names written out per entry */
        }
    }
    uint64_t nodes = n / STREAM_NODE_ENTRIES + 1;
    uint64_t est = est_key(key_len) + len_hdr(nodes) + body +
                   nodes * (17 + 3 + 7 + 3 * 2 + (nf + 1) * 7 + 2) + 40;

    if (chance(0.15)) {
        uint64_t d = range(1, 10);
        cmd(2 + d);
        arg_str("XDEL");
        arg(key, key_len);
        for (uint64_t j = 0; j < d; j++) {
            uint64_t i = below(n); /* deleting an entry twice is harmless */
            arg(id, (size_t)snprintf(id, sizeof id, "%" PRIu64 "-%" PRIu64, ids[2 * i], ids[2 * i + 1]));
        }
        stream_dels += d;
    }
    if (chance(0.35)) {
        uint64_t groups = range(1, 3);
        char g[32], c[32];
        for (uint64_t gi = 0; gi < groups; gi++) {
            snprintf(g, sizeof g, "group-%" PRIu64, gi);
            cmd(5);
            arg_str("XGROUP");
            arg_str("CREATE");
            arg(key, key_len);
            arg_str(g);
            arg_str("0");
            est += 8 + 20;
            uint64_t consumers = range(1, 3);
            for (uint64_t ci = 0; ci < consumers; ci++) {
                snprintf(c, sizeof c, "consumer-%" PRIu64, ci);
                uint64_t count = range(1, 100);
                cmd(9);
                arg_str("XREADGROUP");
                arg_str("GROUP");
                arg_str(g);
                arg_str(c);
                arg_str("COUNT");
                arg_int((int64_t)count);
                arg_str("STREAMS");
                arg(key, key_len);
                arg_str(">");
                est += 12 + 10 + count * (16 + 8 + 1 + 16);
                stream_pending += count;
            }
        }
        stream_groups += groups;
    }
    free(ids);
    stream_entries += n;
    return est + maybe_expire(T_STREAM);
}

/* ---- main ---- */

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s TARGET_BYTES [SEED]\n", argv[0]);
        return 2;
    }
    uint64_t target = strtoull(argv[1], NULL, 10);
    rng_state = argc > 2 ? strtoull(argv[2], NULL, 10) : 20240601;
    fill_pools();

    uint64_t total = 60; /* header, aux fields, checksum */
    uint64_t next_report = target / 10;
    while (total < target) {
        int t = 0;
        for (int i = 1; i < T_COUNT; i++)
            if (type_bytes[i] / share[i] < type_bytes[t] / share[t]) t = i;
        uint64_t est;
        switch (t) {
        case T_STRING: est = gen_string(); break;
        case T_LIST: est = gen_list(); break;
        case T_HASH: est = gen_hash(); break;
        case T_SET: est = gen_set(); break;
        case T_ZSET: est = gen_zset(); break;
        default: est = gen_stream(); break;
        }
        type_keys[t]++;
        type_bytes[t] += est;
        total += est;
        if (total >= next_report) {
            fprintf(stderr, "gen-resp: %3d%% (%" PRIu64 " keys)\n", (int)(100.0 * total / target), key_seq);
            next_report += target / 10;
        }
    }
    flush_out();
    if (fflush(stdout) != 0) {
        perror("gen-resp: write");
        return 1;
    }

    fprintf(stderr, "\n%-8s %10s %12s %7s %10s\n", "type", "keys", "est. MB", "share", "expiring");
    for (int i = 0; i < T_COUNT; i++)
        fprintf(stderr, "%-8s %10" PRIu64 " %12.1f %6.1f%% %10" PRIu64 "\n", type_name[i], type_keys[i],
                type_bytes[i] / 1e6, 100.0 * type_bytes[i] / total, expiring[i]);
    fprintf(stderr, "%-8s %10" PRIu64 " %12.1f\n\n", "total", key_seq, total / 1e6);
    fprintf(stderr, "strings: %" PRIu64 " integers, %" PRIu64 " text, %" PRIu64 " binary; %" PRIu64 " longer than 4 KB\n",
            str_int, str_text, str_bin, str_over_4k);
    fprintf(stderr, "lists:   %" PRIu64 " small (one listpack node), %" PRIu64 " large (quicklist); %" PRIu64 " elements\n",
            list_small, list_large, list_elems);
    fprintf(stderr, "hashes:  %" PRIu64 " listpack, %" PRIu64 " hashtable; %" PRIu64 " fields\n", hash_lp, hash_ht, hash_fields);
    fprintf(stderr, "sets:    %" PRIu64 " intset, %" PRIu64 " integer hashtable, %" PRIu64 " string hashtable; %" PRIu64 " members\n",
            set_intset, set_int_ht, set_str_ht, set_members);
    fprintf(stderr, "zsets:   %" PRIu64 " listpack, %" PRIu64 " skiplist; %" PRIu64 " members\n", zset_lp, zset_sl, zset_members);
    fprintf(stderr, "streams: %" PRIu64 " entries, %" PRIu64 " XDEL'd ids, %" PRIu64 " consumer groups, %" PRIu64 " read into PELs\n",
            stream_entries, stream_dels, stream_groups, stream_pending);
    return 0;
}
