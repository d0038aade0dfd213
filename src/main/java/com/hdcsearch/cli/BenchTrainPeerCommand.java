package com.hdcsearch.cli;

import com.hdcsearch.data.MissingDatasetException;
import com.hdcsearch.peers.PythonPeer;
import com.hdcsearch.train.bench.TrainPeerBench;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hdc bench train-peer}: the project's trainer against the same training in PyTorch, images/s side by side. */
@Command(name = "train-peer", mixinStandardHelpOptions = true,
    description = {"Trains the built-in network with HDC (same layers, heads, loss, batch shape, Adam) on the same"
        + " batches of real images with the project's trainer and with PyTorch (load-tests/peers/train_peer.py,"
        + " Debian's python3-torch, installed when missing), one after the other at each thread count; prints"
        + " images/s of both after warm-up and the ratio. Last line: train-peer jvm_1t=.. torch_1t=.. ratio_1t=.. ..."})
public final class BenchTrainPeerCommand implements Callable<Integer> {
  @Option(names = "--dataset", defaultValue = "emoji", description = "emoji or fashion-mnist (default ${DEFAULT-VALUE}).")
  String dataset;

  @Option(names = "--image-size", defaultValue = "64", description = "Input side in px (default ${DEFAULT-VALUE}).")
  int imageSize;

  @Option(names = "--batch", defaultValue = "25x4", description = "P x K (default ${DEFAULT-VALUE}).")
  String batch;

  @Option(names = "--batches", defaultValue = "8", description = "Distinct batches, cycled (default ${DEFAULT-VALUE}).")
  int batches;

  @Option(names = "--warmup", defaultValue = "5", description = "Untimed steps first (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--steps", defaultValue = "20", description = "Timed steps (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--threads", split = ",", defaultValue = "1,2",
      description = "Thread counts, each run by both (default ${DEFAULT-VALUE}).")
  List<Integer> threads;

  @Option(names = "--rounds", defaultValue = "2",
      description = "Rounds of both trainers at each count; the best of each is reported (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--seed", defaultValue = "1", description = "Default ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--work", defaultValue = "target/train-peer", description = "Scratch folder (default ${DEFAULT-VALUE}).")
  Path work;

  @Option(names = "--peer-dir", description = "Folder of the peer scripts (default: load-tests/peers of the project).")
  Path peerDir;

  @Option(names = "--python", defaultValue = PythonPeer.DEFAULT_PYTHON,
      description = "Interpreter with Debian's modules (default ${DEFAULT-VALUE}).")
  String python;

  @Override
  public Integer call() throws Exception {
    try {
      String[] pk = batch.toLowerCase(java.util.Locale.ROOT).split("x");
      if (pk.length != 2) {
        throw new IllegalArgumentException("--batch must be PxK, e.g. 25x4, got: " + batch);
      }
      TrainPeerBench.Options options = new TrainPeerBench.Options(dataset, imageSize, Integer.parseInt(pk[0].trim()),
          Integer.parseInt(pk[1].trim()), batches, warmup, steps, threads, rounds, seed, work);
      PythonPeer peer = new PythonPeer(peerDir != null ? peerDir : PythonPeer.defaultDir(), python,
          line -> System.err.println("hdc bench train-peer: " + line));
      new TrainPeerBench(options, peer, System.out, line -> System.err.println("hdc bench train-peer: " + line)).run();
      return 0;
    } catch (IllegalArgumentException | MissingDatasetException e) {
      System.err.println("hdc bench train-peer: " + e.getMessage());
      return 2;
    }
  }
}
