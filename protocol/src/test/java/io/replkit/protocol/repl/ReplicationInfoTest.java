package io.replkit.protocol.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplicationInfoTest {
    private static final String ID = "fb7e9d90df8d72844efc12afa2a5c6b3952fded9";
    private static final String ID2 = "9177fdae2935b7575a0a234d23689100e1c0b9ab";

    private static final String MASTER = "# Replication\r\n"
        + "role:master\r\n"
        + "connected_slaves:2\r\n"
        + "slave0:ip=127.0.0.1,port=6380,state=online,offset=1000,lag=0\r\n"
        + "slave1:ip=::1,port=6381,state=wait_bgsave,offset=0,lag=3\r\n"
        + "master_failover_state:no-failover\r\n"
        + "master_replid:" + ID + "\r\n"
        + "master_replid2:" + ID2 + "\r\n"
        + "master_repl_offset:1200\r\n"
        + "second_repl_offset:501\r\n"
        + "repl_backlog_active:1\r\n"
        + "repl_backlog_size:1048576\r\n"
        + "repl_backlog_first_byte_offset:301\r\n"
        + "repl_backlog_histlen:900\r\n";

    @Test
    void readsAMastersOffsetsHistoryAndReplicaLines() {
        ReplicationInfo i = ReplicationInfo.parse(MASTER);
        assertEquals("master", i.role());
        assertFalse(i.isReplica());
        assertEquals(1200, i.masterReplOffset());
        assertEquals(ID, i.replid());
        assertEquals(ID2, i.replid2());
        assertEquals(501, i.secondReplOffset());
        assertEquals(2, i.replicas().size());
        ReplicationInfo.ReplicaLine r0 = i.replicas().get(0);
        assertEquals(new ReplicationInfo.ReplicaLine(0, "127.0.0.1", 6380, "online", 1000, 0), r0);
        assertEquals("127.0.0.1:6380", r0.address());
        assertEquals("[::1]:6381", i.replicas().get(1).address());
        assertEquals("wait_bgsave", i.replicas().get(1).state());
        assertEquals(-1, i.replicaOffset());
        assertNull(i.masterAddress());
    }

    @Test
    void readsAReplicasViewOfItsMaster() {
        ReplicationInfo i = ReplicationInfo.parse("role:slave\nmaster_host:10.0.0.1\nmaster_port:6379\nmaster_link_status:up\n"
            + "master_last_io_seconds_ago:2\nmaster_sync_in_progress:0\nslave_repl_offset:777\nconnected_slaves:0\n"
            + "master_replid:" + ID + "\nmaster_repl_offset:777\n");
        assertTrue(i.isReplica());
        assertEquals("10.0.0.1:6379", i.masterAddress());
        assertEquals("up", i.masterLinkStatus());
        assertEquals(777, i.replicaOffset());
        assertEquals(2, i.getLong("master_last_io_seconds_ago", -1));
        assertEquals(-5, i.getLong("absent", -5));
        assertTrue(i.replicas().isEmpty());
    }

    @Test
    void aPartialResyncNeedsAKnownIdAndAnOffsetTheBacklogHolds() {
        ReplicationInfo i = ReplicationInfo.parse(MASTER);
        // psync offset = offset + 1 must lie in [301, 301 + 900]
        assertTrue(i.canContinueFrom(ID, 300));
        assertTrue(i.canContinueFrom(ID, 1200));
        assertFalse(i.canContinueFrom(ID, 299));
        assertFalse(i.canContinueFrom(ID, 1201));
        // the previous id only up to second_repl_offset
        assertTrue(i.canContinueFrom(ID2, 500));
        assertFalse(i.canContinueFrom(ID2, 501));
        assertFalse(i.canContinueFrom("0".repeat(40), 500));
        assertFalse(ReplicationInfo.parse(MASTER.replace("repl_backlog_active:1", "repl_backlog_active:0")).canContinueFrom(ID, 500));
    }

    @Test
    void aReplicaLineWithoutItsAddressIsRejectedWithTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ReplicationInfo.parse("slave0:port=1,state=online\n"));
        assertEquals("unexpected replica line 'slave0:port=1,state=online': no ip=", e.getMessage());
    }
}
