package io.replkit.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.replkit.testkit.RedisConfig;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;

/**
 * The applier against real masters: seeded random workloads go to the master, whatever it
 * propagates is applied, and the master's DEBUG DIGEST must equal the replica dataset's.
 */
@RedisConfig({"repl-diskless-sync no", "appendonly no"})
class CommandApplierIT {

    @RedisTest
    void stringWorkloadDigestsLikeTheMaster(RedisServer master) throws Exception {
        try (ReplicaUnderTest replica = new ReplicaUnderTest(master)) {
            new Workloads(replica.client, 1).strings(3000);
            replica.assertSameAsMaster();
        }
    }

    @RedisTest
    void keyspaceWorkloadAcrossDatabasesDigestsLikeTheMaster(RedisServer master) throws Exception {
        try (ReplicaUnderTest replica = new ReplicaUnderTest(master)) {
            new Workloads(replica.client, 2).keys(3000);
            replica.assertSameAsMaster();
        }
    }

    @RedisTest
    void listWorkloadDigestsLikeTheMaster(RedisServer master) throws Exception {
        try (ReplicaUnderTest replica = new ReplicaUnderTest(master)) {
            new Workloads(replica.client, 3).lists(10000);
            replica.assertSameAsMaster();
        }
    }

    @RedisTest
    void setWorkloadDigestsLikeTheMaster(RedisServer master) throws Exception {
        try (ReplicaUnderTest replica = new ReplicaUnderTest(master)) {
            new Workloads(replica.client, 4).sets(5000);
            replica.assertSameAsMaster();
        }
    }

    @RedisTest
    void sortedSetWorkloadDigestsLikeTheMaster(RedisServer master) throws Exception {
        try (ReplicaUnderTest replica = new ReplicaUnderTest(master)) {
            new Workloads(replica.client, 5).zsets(5000);
            replica.assertSameAsMaster();
        }
    }

    @RedisTest
    void scoresInEveryFormStrtodTakesDigestLikeTheMaster(RedisServer master) throws Exception {
        // the master accepts what strtod reads whole: hexadecimal, subnormals, "inf" in any case
        try (ReplicaUnderTest replica = new ReplicaUnderTest(master)) {
            replica.client.call("ZADD", "scores", "0x20", "hex", "4.9e-324", "subnormal", "-INFINITY", "low", "1e5", "exp");
            replica.client.call("ZINCRBY", "scores", "0x1p2", "hex");
            replica.client.call("ZADD", "scores", "INCR", "0x.8", "exp");
            replica.client.call("GEOADD", "places", "0x1.8p3", "0x14", "p");
            replica.assertSameAsMaster();
        }
    }

    @RedisTest
    void hashWorkloadCrossingListpackLimitsDigestsLikeTheMaster(RedisServer master) throws Exception {
        try (ReplicaUnderTest replica = new ReplicaUnderTest(master)) {
            new Workloads(replica.client, 6).hashes(5000);
            replica.assertSameAsMaster();
        }
    }

    @RedisTest
    void streamWorkloadWithGroupsClaimsAndTrimsDigestsLikeTheMaster(RedisServer master) throws Exception {
        try (ReplicaUnderTest replica = new ReplicaUnderTest(master).withRedisReplica()) {
            new Workloads(replica.client, 7).streams(4000);
            replica.assertSameAsMaster();
            replica.assertStreamsSameAsRedisReplica();
        }
    }

    @RedisTest
    void hyperLogLogsThroughSparseToDenseAndMergesKeepTheMastersBytes(RedisServer master) throws Exception {
        try (ReplicaUnderTest replica = new ReplicaUnderTest(master)) {
            new Workloads(replica.client, 8).hyperLogLogs(3000);
            replica.assertSameAsMaster();
        }
    }

    @RedisTest
    void bitmapsAndBitfieldOverflowModesDigestLikeTheMaster(RedisServer master) throws Exception {
        try (ReplicaUnderTest replica = new ReplicaUnderTest(master)) {
            new Workloads(replica.client, 9).bitmaps(5000);
            replica.assertSameAsMaster();
        }
    }

    @RedisTest
    void transactionsScriptsFunctionsRestoreAndExpiriesAcrossDatabasesDigestLikeTheMaster(RedisServer master) throws Exception {
        try (ReplicaUnderTest replica = new ReplicaUnderTest(master)) {
            new Workloads(replica.client, 10).mixed(4000, master.version().major() >= 7);
            expireShortKeys(replica);
            replica.assertSameAsMaster();
            assertEquals(replica.dataset.functions().keySet(), functionNames(replica));
        }
    }

    /**
     * The workload's "short" keys live at most 30 ms. Rather than hoping the master's active expiry
     * cycle (which samples keys) reaches them in time, touch each one after its TTL: lazy expiry
     * deletes it and propagates the DEL, so the comparison never races the expiry.
     */
    private static void expireShortKeys(ReplicaUnderTest replica) throws InterruptedException {
        Thread.sleep(50);
        for (int db = 0; db < 16; db++) {
            replica.client.call("SELECT", Integer.toString(db));
            replica.client.call("EXISTS", "short0", "short1", "short2", "short3", "short4");
        }
        replica.client.call("SELECT", "0");
    }

    private static java.util.Set<String> functionNames(ReplicaUnderTest replica) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        if (replica.master.version().major() < 7) {
            return names;
        }
        for (Object lib : (java.util.List<?>) replica.client.call("FUNCTION", "LIST")) {
            java.util.List<?> fields = (java.util.List<?>) lib;
            for (int i = 0; i < fields.size(); i += 2) {
                if ("library_name".equals(new String((byte[]) fields.get(i)))) {
                    names.add(new String((byte[]) fields.get(i + 1)));
                }
            }
        }
        return names;
    }
}
