package com.hdcsearch.cluster;

import com.hdcsearch.kafka.KafkaClients;
import com.hdcsearch.kafka.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Elects one trainer per cluster through Kafka itself: every instance joins one consumer group on the single-partition
 * {@link Topics#TRAINER_LEADER} topic, and the member the group coordinator gives that partition is the leader. The
 * rebalance protocol is the fence: a leader gives the partition up (and {@link Listener#deposed} returns, the trainer
 * stopped and its state saved) before the coordinator hands it to anyone else, and the sticky assignment keeps it with
 * its owner while instances join. A leader that dies without leaving (kill -9) is replaced once its session times out;
 * a clean stop leaves the group at once.
 */
public final class TrainerLeadership implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TrainerLeadership.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final TopicPartition PARTITION = new TopicPartition(Topics.TRAINER_LEADER, 0);

  /** Called on the leadership thread, in order: elected, then deposed, then perhaps elected again. */
  public interface Listener {
    /** This instance now leads: start training (from the last saved state). */
    void elected();

    /** This instance no longer leads (or is closing): stop training and save its state before returning. */
    void deposed();
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Listener listener;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean leader;

  /**
   * @param clients the cluster
   * @param groupId the election's group: the same on every instance of one cluster
   * @param sessionTimeout how long a dead leader holds the role before another instance takes over
   */
  public TrainerLeadership(KafkaClients clients, String groupId, Duration sessionTimeout, Listener listener) {
    this.listener = listener;
    Map<String, Object> config = clients.config("hdc-trainer-leadership");
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    // Sticky: an instance joining does not move the role (the trainer would stop and resume for nothing); cooperative:
    // a move revokes the partition from its owner in one rebalance and assigns it in the next, never both at once.
    config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
    config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(100, sessionTimeout.toMillis() / 4));
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Nothing is ever written to the topic: the partition is the token, its records are not read.
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "trainer-leadership");
    thread.setDaemon(true);
  }

  /** Joins the election. */
  public void start() {
    thread.start();
  }

  /** True while this instance holds the role. */
  public boolean leader() {
    return leader;
  }

  private void run() {
    try {
      consumer.subscribe(List.of(Topics.TRAINER_LEADER), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          if (partitions.contains(PARTITION) && !leader) {
            leader = true;
            LOG.info("This instance leads the online training of the cluster");
            try {
              listener.elected();
            } catch (RuntimeException e) {
              // Thrown into Kafka, it would only log "callback throws"; the role stays here, so say what broke.
              LOG.error("This instance leads the online training but could not start it", e);
            }
          }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          if (partitions.contains(PARTITION)) {
            depose("handed over in a rebalance");
          }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
          if (partitions.contains(PARTITION)) {
            depose("lost (this instance's session expired)");
          }
        }
      });
      while (running) {
        try {
          consumer.poll(POLL);
        } catch (WakeupException e) {
          break;
        } catch (RuntimeException e) {
          // The broker away for a while: the consumer reconnects by itself; the role is given up if the session ends.
          LOG.warnf("Trainer leadership: %s; retrying", e.getMessage());
        }
      }
    } finally {
      depose("this instance stops");
      consumer.close(); // leaves the group: another instance is elected at once
    }
  }

  private void depose(String why) {
    if (leader) {
      leader = false;
      LOG.infof("This instance no longer leads the online training: %s", why);
      try {
        listener.deposed();
      } catch (RuntimeException e) {
        LOG.error("Stopping the online training on losing the role failed", e);
      }
    }
  }

  /** Stops training here (if it led), leaves the election and waits for it. */
  @Override
  public synchronized void close() throws InterruptedException {
    if (!running) {
      return;
    }
    running = false;
    consumer.wakeup();
    thread.join(Duration.ofSeconds(60).toMillis());
  }
}
