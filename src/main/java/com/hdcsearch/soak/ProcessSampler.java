package com.hdcsearch.soak;

import com.hdcsearch.process.ServiceHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Reads a Linux process's RSS, threads and open files from {@code /proc}, and its heap from its metrics. */
final class ProcessSampler {
  private static final String HEAP_METRIC = "jvm_memory_used_bytes{area=\"heap\"";

  private final long pid;
  private final ServiceHttp http;

  ProcessSampler(long pid, ServiceHttp http) {
    this.pid = pid;
    this.http = http;
  }

  ProcessSample sample(double seconds) throws IOException, InterruptedException {
    Path proc = Path.of("/proc", Long.toString(pid));
    long rss = -1;
    int threads = -1;
    for (String line : Files.readAllLines(proc.resolve("status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = kiloBytes(line) * 1024;
      } else if (line.startsWith("Threads:")) {
        threads = Integer.parseInt(line.substring("Threads:".length()).trim());
      }
    }
    if (rss < 0 || threads < 0) {
      throw new IOException("no VmRSS/Threads in " + proc.resolve("status"));
    }
    int files;
    try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
      files = (int) fds.count();
    }
    return new ProcessSample(seconds, rss, heap(), files, threads);
  }

  /** A full collection in the process ({@code jcmd PID GC.run}); waits for it, at most a minute. */
  void collect() throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(1, java.util.concurrent.TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("jcmd " + pid + " GC.run did not finish within a minute");
    }
  }

  /** Heap in use: the sum of the heap pools in the Prometheus text of {@code /q/metrics}. */
  long heap() throws IOException, InterruptedException {
    return heapOf(http.get("/q/metrics").body());
  }

  static long heapOf(String prometheusText) {
    double sum = 0;
    boolean any = false;
    for (String line : prometheusText.split("\n")) {
      if (line.startsWith(HEAP_METRIC)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        any = true;
      }
    }
    if (!any) {
      throw new IllegalStateException("no " + HEAP_METRIC + "...} in the metrics");
    }
    return (long) sum;
  }

  private static long kiloBytes(String statusLine) {
    String[] parts = statusLine.trim().split("\\s+");
    return Long.parseLong(parts[1]);
  }
}
