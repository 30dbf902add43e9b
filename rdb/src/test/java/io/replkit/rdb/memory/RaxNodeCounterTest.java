package io.replkit.rdb.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RaxNodeCounterTest {

    @Test
    void anEmptyRaxHasOnlyItsRoot() {
        RaxNodeCounter r = new RaxNodeCounter();
        assertEquals(0, r.elements());
        assertEquals(1, r.nodes());
    }

    @Test
    void oneKeyIsACompressedRootAndALeaf() {
        RaxNodeCounter r = new RaxNodeCounter();
        r.add(1, 0);
        assertEquals(1, r.elements());
        assertEquals(2, r.nodes());
    }

    @Test
    void keysDifferingInTheLastByteShareOneBranchingNode() {
        RaxNodeCounter r = new RaxNodeCounter();
        r.add(1, 0);
        r.add(1, 1);
        assertEquals(4, r.nodes(), "root chain, branch at byte 15, two leaves");
        r.add(1, 2);
        assertEquals(5, r.nodes(), "a third leaf under the same branch");
    }

    @Test
    void keysDifferingEarlierSplitTheChainIntoBranchChildrenAndLeaves() {
        RaxNodeCounter r = new RaxNodeCounter();
        r.add(1, 0);
        r.add(2, 0); // differ in byte 7
        assertEquals(6, r.nodes(), "root chain, branch at 7, two chains from byte 8, two leaves");
        assertEquals(2, r.elements());
    }

    @Test
    void aRepeatedKeyIsCountedOnce() {
        RaxNodeCounter r = new RaxNodeCounter();
        r.add(5, 5);
        r.add(5, 5);
        assertEquals(1, r.elements());
        assertEquals(2, r.nodes());
        r.reset();
        assertEquals(1, r.nodes());
    }
}
