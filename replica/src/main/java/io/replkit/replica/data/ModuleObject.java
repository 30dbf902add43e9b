package io.replkit.replica.data;

/** A module value from a snapshot: kept by type name only, since its payload is opaque. */
public record ModuleObject(String moduleType) {
}
