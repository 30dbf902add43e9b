package io.replkit.replica.server;

import io.replkit.rdb.filter.GlobPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * SUBSCRIBE PSUBSCRIBE SSUBSCRIBE, their UNSUBSCRIBEs, PUBLISH SPUBLISH and PUBSUB, with Redis 7.0's
 * replies. A replica accepts PUBLISH from its own clients (it is not a write): the message reaches
 * this replica's subscribers only.
 */
final class PubSubCommands {
    /** What a RESP2 client with subscriptions may still run. */
    static final Set<String> ALLOWED_WHEN_SUBSCRIBED = Set.of("subscribe", "ssubscribe", "unsubscribe",
            "sunsubscribe", "psubscribe", "punsubscribe", "ping", "quit", "reset");

    private PubSubCommands() {
    }

    static void register(CommandTable t) {
        t.plain("subscribe", -2, r -> subscribe(r, false));
        t.plain("ssubscribe", -2, r -> subscribe(r, true));
        t.plain("psubscribe", -2, PubSubCommands::psubscribe);
        t.plain("unsubscribe", -1, r -> unsubscribe(r, false));
        t.plain("sunsubscribe", -1, r -> unsubscribe(r, true));
        t.plain("punsubscribe", -1, PubSubCommands::punsubscribe);
        t.plain("publish", 3, r -> r.reply.integer(r.server.pubsub.deliver(r.arg(1), r.arg(2), false)));
        t.plain("spublish", 3, r -> r.reply.integer(r.server.pubsub.deliver(r.arg(1), r.arg(2), true)));
        t.container("pubsub", -2)
                .sub("channels", -2, false, r -> channels(r, false))
                .sub("shardchannels", -2, false, r -> channels(r, true))
                .sub("numsub", -2, false, r -> numsub(r, false))
                .sub("shardnumsub", -2, false, r -> numsub(r, true))
                .sub("numpat", 2, false, r -> r.reply.integer(r.server.pubsub.patternCount()))
                .sub("help", 2, false, PubSubCommands::help);
    }

    /** Redis counts channels and patterns together, shard channels apart. */
    private static int count(ClientSession c, boolean shard) {
        return shard ? c.shardChannels.size() : c.channels.size() + c.patterns.size();
    }

    private static void subscribe(Request r, boolean shard) {
        for (int i = 1; i < r.argc(); i++) {
            r.server.pubsub.subscribe(r.client, new PubSub.Key(r.arg(i)), shard);
            confirm(r, shard ? "ssubscribe" : "subscribe", r.arg(i), count(r.client, shard));
        }
    }

    private static void psubscribe(Request r) {
        for (int i = 1; i < r.argc(); i++) {
            r.server.pubsub.psubscribe(r.client, new PubSub.Key(r.arg(i)));
            confirm(r, "psubscribe", r.arg(i), count(r.client, false));
        }
    }

    private static void unsubscribe(Request r, boolean shard) {
        String kind = shard ? "sunsubscribe" : "unsubscribe";
        PubSub ps = r.server.pubsub;
        if (r.argc() == 1) {
            List<PubSub.Key> all = new ArrayList<>(shard ? r.client.shardChannels : r.client.channels);
            for (PubSub.Key k : all) {
                ps.unsubscribe(r.client, k, shard);
                confirm(r, kind, k.bytes, count(r.client, shard));
            }
            if (all.isEmpty()) {
                confirm(r, kind, null, count(r.client, shard));
            }
            return;
        }
        for (int i = 1; i < r.argc(); i++) {
            ps.unsubscribe(r.client, new PubSub.Key(r.arg(i)), shard);
            confirm(r, kind, r.arg(i), count(r.client, shard));
        }
    }

    private static void punsubscribe(Request r) {
        PubSub ps = r.server.pubsub;
        if (r.argc() == 1) {
            List<PubSub.Key> all = new ArrayList<>(r.client.patterns);
            for (PubSub.Key k : all) {
                ps.punsubscribe(r.client, k);
                confirm(r, "punsubscribe", k.bytes, count(r.client, false));
            }
            if (all.isEmpty()) {
                confirm(r, "punsubscribe", null, count(r.client, false));
            }
            return;
        }
        for (int i = 1; i < r.argc(); i++) {
            ps.punsubscribe(r.client, new PubSub.Key(r.arg(i)));
            confirm(r, "punsubscribe", r.arg(i), count(r.client, false));
        }
    }

    /** {@code [kind, channel or null, count]}: a push in RESP3. */
    private static void confirm(Request r, String kind, byte[] channel, int count) {
        r.reply.push(3);
        r.reply.bulk(kind);
        if (channel == null) {
            r.reply.nullBulk();
        } else {
            r.reply.bulk(channel);
        }
        r.reply.integer(count);
    }

    private static void channels(Request r, boolean shard) {
        if (r.argc() > 3) {
            throw new ReplyError("ERR unknown subcommand or wrong number of arguments for '" + r.argString(1)
                    + "'. Try PUBSUB HELP.");
        }
        GlobPattern glob = r.argc() == 3 ? new GlobPattern(r.arg(2)) : null;
        List<byte[]> names = new ArrayList<>();
        for (PubSub.Key k : r.server.pubsub.channelNames(shard)) {
            if (glob == null || glob.matches(k.bytes)) {
                names.add(k.bytes);
            }
        }
        r.reply.array(names.size());
        names.forEach(r.reply::bulk);
    }

    private static void numsub(Request r, boolean shard) {
        r.reply.array(2L * (r.argc() - 2));
        for (int i = 2; i < r.argc(); i++) {
            r.reply.bulk(r.arg(i));
            r.reply.integer(r.server.pubsub.subscribers(new PubSub.Key(r.arg(i)), shard));
        }
    }

    private static final List<String> HELP = List.of(
            "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CHANNELS [<pattern>]",
            "    Return the currently active channels matching a <pattern> (default: '*').",
            "NUMPAT",
            "    Return number of subscriptions to patterns.",
            "NUMSUB [<channel> ...]",
            "    Return the number of subscribers for the specified channels, excluding",
            "    pattern subscriptions(default: no channels).",
            "SHARDCHANNELS [<pattern>]",
            "    Return the currently active shard level channels matching a <pattern> (default: '*').",
            "SHARDNUMSUB [<shardchannel> ...]",
            "    Return the number of subscribers for the specified shard level channel(s)",
            "HELP",
            "    Prints this help.");

    private static void help(Request r) {
        r.reply.array(HELP.size());
        HELP.forEach(r.reply::simple);
    }
}
