package io.replkit.rdb;

/** SLOT_INFO (Redis 7.4 cluster mode, RDB 12): a resize hint before the keys of one hash slot. */
public record SlotInfo(int slot, long slotSize, long expiresSlotSize, long offset) implements RdbRecord {
}
