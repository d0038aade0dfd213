package com.hdcsearch.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The seeded victims of a cluster campaign: about as many broker kills as instance kills, in a seeded order; each
 * instance kill in one of the phases, each phase about equally often (training and swap on the trainer's instance,
 * the others on a numbered instance, each instance about equally often); each broker about equally often.
 */
final class VictimPlan {
  private VictimPlan() {}

  /**
   * The victims of {@code cycles} cycles.
   *
   * @param phases the phases an instance kill is drawn from
   * @param instances the campaign's service instances (numbered from 1)
   * @param brokers the cluster's brokers (node ids from 1)
   * @param seed the same seed, the same plan
   */
  static List<Victim> draw(int cycles, List<CrashPhase> phases, int instances, int brokers, long seed) {
    if (cycles < 1) {
      throw new IllegalArgumentException("cycles must be at least 1, got: " + cycles);
    }
    if (phases.isEmpty()) {
      throw new IllegalArgumentException("at least one crash phase is needed");
    }
    if (instances < 1 || brokers < 1) {
      throw new IllegalArgumentException("instances and brokers must be at least 1, got: " + instances + ", "
          + brokers);
    }
    Random random = new Random(seed);
    List<Boolean> brokerKill = new ArrayList<>();
    for (int n = 0; n < cycles; n++) {
      brokerKill.add(n % 2 == 1);
    }
    Collections.shuffle(brokerKill, random);
    int brokerKills = (int) brokerKill.stream().filter(b -> b).count();
    List<CrashPhase> instancePhases = balanced(phases, cycles - brokerKills, random);
    int numbered = (int) instancePhases.stream().filter(p -> !onTrainer(p)).count();
    List<Integer> instanceIds = balanced(ids(instances), numbered, random);
    List<Integer> brokerIds = balanced(ids(brokers), brokerKills, random);
    List<Victim> out = new ArrayList<>();
    int nextPhase = 0;
    int nextInstance = 0;
    int nextBroker = 0;
    for (boolean broker : brokerKill) {
      if (broker) {
        out.add(new Victim(Victim.Kind.BROKER, brokerIds.get(nextBroker++), CrashPhase.MID_INGEST));
      } else {
        CrashPhase phase = instancePhases.get(nextPhase++);
        out.add(onTrainer(phase) ? new Victim(Victim.Kind.TRAINER, 0, phase)
            : new Victim(Victim.Kind.INSTANCE, instanceIds.get(nextInstance++), phase));
      }
    }
    return out;
  }

  /** Training and swaps are seen (and killed) on the instance that trains. */
  static boolean onTrainer(CrashPhase phase) {
    return phase == CrashPhase.TRAINING || phase == CrashPhase.SWAP;
  }

  /** {@code count} draws from {@code values}, each about equally often, in a seeded order. */
  private static <T> List<T> balanced(List<T> values, int count, Random random) {
    List<T> out = new ArrayList<>();
    while (out.size() < count) {
      List<T> round = new ArrayList<>(values);
      Collections.shuffle(round, random);
      out.addAll(round);
    }
    return out.subList(0, count);
  }

  private static List<Integer> ids(int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(i);
    }
    return out;
  }
}
