package com.hdcsearch.soak;

import com.hdcsearch.process.ServiceHttp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Threads that look up similar items of random catalog ids without end: 200 counts as answered, 404 (an id deleted
 * at the moment) as a miss, any other status (5xx) as a failure, and no answer within the client's timeout (or a
 * refused connection) as a timeout: counted apart, since on starved cores it says more about the machine.
 */
final class LookupLoad implements AutoCloseable {
  private final ServiceHttp http;
  private final List<String> ids;
  private final long pauseMillis;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong missed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();
  private volatile boolean running = true;

  LookupLoad(ServiceHttp http, List<String> ids, int threadCount, long pauseMillis, long seed) {
    if (threadCount < 1) {
      throw new IllegalArgumentException("lookup threads must be at least 1, got: " + threadCount);
    }
    this.http = http;
    this.ids = List.copyOf(ids);
    this.pauseMillis = pauseMillis;
    for (int t = 0; t < threadCount; t++) {
      Random random = new Random(seed + t);
      Thread thread = new Thread(() -> loop(random), "soak-lookups-" + t);
      thread.setDaemon(true);
      threads.add(thread);
    }
  }

  void start() {
    threads.forEach(Thread::start);
  }

  private void loop(Random random) {
    while (running) {
      String id = ids.get(random.nextInt(ids.size()));
      try {
        int status = http.similarStatus(id, 10);
        if (status == 200) {
          answered.incrementAndGet();
        } else if (status == 404) {
          missed.incrementAndGet();
        } else {
          fail("status " + status + " for " + id);
        }
        Thread.sleep(pauseMillis);
      } catch (IOException e) {
        timeouts.incrementAndGet();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void fail(String what) {
    failed.incrementAndGet();
    firstFailure.compareAndSet(null, what);
  }

  long answered() {
    return answered.get();
  }

  long missed() {
    return missed.get();
  }

  long failed() {
    return failed.get();
  }

  long timeouts() {
    return timeouts.get();
  }

  String firstFailure() {
    return firstFailure.get();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.interrupt();
      t.join(10_000);
    }
  }
}
