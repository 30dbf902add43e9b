package io.replkit.replica.server;

/**
 * Every write command Redis 7.0 has (plus the 7.4 hash-field expiry ones), with its arity and key
 * positions: a client gets the same arity errors as from Redis, then
 * {@code -READONLY You can't write against a read only replica.}
 */
final class WriteCommands {
    private WriteCommands() {
    }

    /** name, arity, first key, last key, step. */
    private static final Object[][] WRITES = {
        {"set", -3, 1, 1, 1}, {"setnx", 3, 1, 1, 1}, {"setex", 4, 1, 1, 1}, {"psetex", 4, 1, 1, 1},
        {"append", 3, 1, 1, 1}, {"del", -2, 1, -1, 1}, {"unlink", -2, 1, -1, 1}, {"setrange", 4, 1, 1, 1},
        {"incr", 2, 1, 1, 1}, {"decr", 2, 1, 1, 1}, {"incrby", 3, 1, 1, 1}, {"decrby", 3, 1, 1, 1},
        {"incrbyfloat", 3, 1, 1, 1}, {"getset", 3, 1, 1, 1}, {"getdel", 2, 1, 1, 1}, {"getex", -2, 1, 1, 1},
        {"mset", -3, 1, -1, 2}, {"msetnx", -3, 1, -1, 2}, {"setbit", 4, 1, 1, 1}, {"bitfield", -2, 1, 1, 1},
        {"bitop", -4, 2, -1, 1}, {"expire", -3, 1, 1, 1}, {"pexpire", -3, 1, 1, 1}, {"expireat", -3, 1, 1, 1},
        {"pexpireat", -3, 1, 1, 1}, {"persist", 2, 1, 1, 1}, {"rename", 3, 1, 2, 1}, {"renamenx", 3, 1, 2, 1},
        {"move", 3, 1, 1, 1}, {"copy", -3, 1, 2, 1}, {"swapdb", 3, 0, 0, 0}, {"flushdb", -1, 0, 0, 0},
        {"flushall", -1, 0, 0, 0}, {"restore", -4, 1, 1, 1}, {"migrate", -6, 3, 3, 1},
        {"lpush", -3, 1, 1, 1}, {"rpush", -3, 1, 1, 1}, {"lpushx", -3, 1, 1, 1}, {"rpushx", -3, 1, 1, 1},
        {"linsert", 5, 1, 1, 1}, {"lset", 4, 1, 1, 1}, {"lrem", 4, 1, 1, 1}, {"ltrim", 4, 1, 1, 1},
        {"lpop", -2, 1, 1, 1}, {"rpop", -2, 1, 1, 1}, {"lmove", 5, 1, 2, 1}, {"blmove", 6, 1, 2, 1},
        {"rpoplpush", 3, 1, 2, 1}, {"brpoplpush", 4, 1, 2, 1}, {"blpop", -3, 1, -2, 1}, {"brpop", -3, 1, -2, 1},
        {"lmpop", -4, 0, 0, 0}, {"blmpop", -5, 0, 0, 0},
        {"sadd", -3, 1, 1, 1}, {"srem", -3, 1, 1, 1}, {"smove", 4, 1, 2, 1}, {"spop", -2, 1, 1, 1},
        {"sinterstore", -3, 1, -1, 1}, {"sunionstore", -3, 1, -1, 1}, {"sdiffstore", -3, 1, -1, 1},
        {"zadd", -4, 1, 1, 1}, {"zincrby", 4, 1, 1, 1}, {"zrem", -3, 1, 1, 1}, {"zremrangebyscore", 4, 1, 1, 1},
        {"zremrangebyrank", 4, 1, 1, 1}, {"zremrangebylex", 4, 1, 1, 1}, {"zpopmin", -2, 1, 1, 1},
        {"zpopmax", -2, 1, 1, 1}, {"bzpopmin", -3, 1, -2, 1}, {"bzpopmax", -3, 1, -2, 1}, {"zmpop", -4, 0, 0, 0},
        {"bzmpop", -5, 0, 0, 0}, {"zunionstore", -4, 1, 1, 1}, {"zinterstore", -4, 1, 1, 1},
        {"zdiffstore", -4, 1, 1, 1}, {"zrangestore", -5, 1, 2, 1},
        {"hset", -4, 1, 1, 1}, {"hmset", -4, 1, 1, 1}, {"hsetnx", 4, 1, 1, 1}, {"hdel", -3, 1, 1, 1},
        {"hincrby", 4, 1, 1, 1}, {"hincrbyfloat", 4, 1, 1, 1}, {"hexpire", -6, 1, 1, 1}, {"hpexpire", -6, 1, 1, 1},
        {"hexpireat", -6, 1, 1, 1}, {"hpexpireat", -6, 1, 1, 1}, {"hpersist", -5, 1, 1, 1},
        {"xadd", -5, 1, 1, 1}, {"xtrim", -4, 1, 1, 1}, {"xdel", -3, 1, 1, 1}, {"xack", -4, 1, 1, 1},
        {"xclaim", -6, 1, 1, 1}, {"xautoclaim", -6, 1, 1, 1}, {"xreadgroup", -7, 0, 0, 0}, {"xsetid", -3, 1, 1, 1},
        {"pfadd", -2, 1, 1, 1}, {"pfmerge", -2, 1, -1, 1}, {"pfdebug", 3, 2, 2, 1},
        {"geoadd", -5, 1, 1, 1}, {"georadius", -6, 1, 1, 1}, {"georadiusbymember", -5, 1, 1, 1},
        {"geosearchstore", -8, 1, 2, 1}, {"sort", -2, 1, 1, 1},
    };

    static void register(CommandTable t) {
        for (Object[] w : WRITES) {
            t.write((String) w[0], (Integer) w[1], (Integer) w[2], (Integer) w[3], (Integer) w[4]);
        }
        t.container("xgroup", -2)
                .writeSub("create", -5).writeSub("setid", -5).writeSub("destroy", 4)
                .writeSub("createconsumer", 5).writeSub("delconsumer", 5);
    }
}
