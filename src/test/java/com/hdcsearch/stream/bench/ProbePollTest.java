package com.hdcsearch.stream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A probe is polled often while fresh and rarely behind a backlog, never finer than 1% of its wait (or 2 ms). */
class ProbePollTest {
  @Test
  void pollIntervalFollowsTheWaitWithinItsBounds() {
    assertEquals(2, BenchFreshnessCommand.pollMillis(0));
    assertEquals(2, BenchFreshnessCommand.pollMillis(150));
    assertEquals(3, BenchFreshnessCommand.pollMillis(399));
    assertEquals(20, BenchFreshnessCommand.pollMillis(2_000));
    assertEquals(50, BenchFreshnessCommand.pollMillis(5_000));
    assertEquals(50, BenchFreshnessCommand.pollMillis(60_000));
  }
}
