package com.hdcsearch.cli;

import com.hdcsearch.chaos.ChaosCommand;
import com.hdcsearch.online.bench.BenchOnlineCommand;
import com.hdcsearch.serving.bench.BenchReembedCommand;
import com.hdcsearch.soak.SoakCommand;
import com.hdcsearch.stream.bench.BenchFreshnessCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hdc bench}: benchmarks that print figures (none of them is a timed test). */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks: quality (HDC vs baselines), index (Lucene HNSW recall/speed/size), freshness (produce-to-searchable latency), online (the learning loop end to end), reembed (a catalog re-embedded for a new version), train-peer (trainer vs PyTorch), ann-peer (Lucene vs hnswlib and faiss), chaos (kill -9 campaign), soak (leak slopes).",
    subcommands = {BenchQualityCommand.class, BenchIndexCommand.class, BenchFreshnessCommand.class,
        BenchOnlineCommand.class, BenchReembedCommand.class, BenchTrainPeerCommand.class, BenchAnnPeerCommand.class,
        ChaosCommand.class, SoakCommand.class})
public final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a benchmark name is required");
  }
}
