package io.replkit.replica;

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
}
