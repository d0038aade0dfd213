package com.hdcsearch.cli;

import com.hdcsearch.data.MissingDatasetException;
import com.hdcsearch.image.ImageSpec;
import com.hdcsearch.index.HnswConfig;
import com.hdcsearch.index.bench.AnnPeerBench;
import com.hdcsearch.index.bench.BenchData;
import com.hdcsearch.index.bench.BenchSettings;
import com.hdcsearch.index.bench.DatasetEmbeddingSource;
import com.hdcsearch.index.bench.PixelVectorSource;
import com.hdcsearch.index.bench.VectorSource;
import com.hdcsearch.model.TorchThreads;
import com.hdcsearch.peers.PythonPeer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hdc bench ann-peer}: Lucene's HNSW against hnswlib and faiss on the same exported vectors. */
@Command(name = "ann-peer", mixinStandardHelpOptions = true,
    description = {"For each vector set: exports the index bench's job (base, queries, exact top-k), runs Debian's"
        + " python3-hnswlib and python3-faiss (load-tests/peers/ann_peer.py, installed when missing) with the same M,"
        + " construction beam and effort sweep, then Lucene (unquantized, int7, int4, int2 and int1 with full-precision"
        + " rescoring); one table of recall@10, queries/s on one thread and build time per engine and effort, and the"
        + " Lucene/hnswlib QPS ratio at recall@10 >= 0.95.",
        "Sets: embeddings (the real 192-d embeddings of Fashion-MNIST by the service's default network), pixels"
            + " (Fashion-MNIST's raw 784-d pixels, the ann-benchmarks set). Vectors are normalised to unit length.",
        "Last line per set: ann-peer set=.. lucene_qps=.. hnswlib_qps=.. faiss_qps=.. ratio_hnswlib=.. recall=.."})
public final class BenchAnnPeerCommand implements Callable<Integer> {
  @Option(names = "--sets", split = ",", defaultValue = "embeddings,pixels",
      description = "embeddings, pixels (default ${DEFAULT-VALUE}).")
  List<String> sets;

  @Option(names = "--count", defaultValue = "20000",
      description = "Images of fashion-mnist/train per set, --queries of them held out (default ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--queries", defaultValue = "1000", description = "Default ${DEFAULT-VALUE}.")
  int queries;

  @Option(names = "--k", defaultValue = "10", description = "Default ${DEFAULT-VALUE}.")
  int k;

  @Option(names = "--candidates", split = ",", defaultValue = "10,20,50,100,200,400",
      description = "Effort sweep, candidates per query = Lucene's k + fanout = the peers' ef (default ${DEFAULT-VALUE}).")
  List<Integer> candidates;

  @Option(names = "--m", defaultValue = "16", description = "HNSW M / Lucene maxConn (default ${DEFAULT-VALUE}).")
  int m;

  @Option(names = "--beam", defaultValue = "100",
      description = "Construction beam: Lucene beamWidth, efConstruction (default ${DEFAULT-VALUE}).")
  int beam;

  @Option(names = "--threads", description = "Build threads of every engine (default: all cores).")
  Integer threads;

  @Option(names = "--seed", defaultValue = "42", description = "Query hold-out seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--work", defaultValue = "target/ann-peer", description = "Exported vectors (default ${DEFAULT-VALUE}).")
  Path work;

  @Option(names = "--peer-dir", description = "Folder of the peer scripts (default: load-tests/peers of the project).")
  Path peerDir;

  @Option(names = "--python", defaultValue = PythonPeer.DEFAULT_PYTHON,
      description = "Interpreter with Debian's modules (default ${DEFAULT-VALUE}).")
  String python;

  /** The untrained network the service serves without a checkpoint (hdc.model.seed). */
  private static final long SERVING_SEED = 42L;

  @Override
  public Integer call() {
    try {
      int buildThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
      if (buildThreads < 1 || count <= queries || queries < 1) {
        throw new IllegalArgumentException("need --threads >= 1 and --count > --queries >= 1, got: " + buildThreads
            + ", " + count + ", " + queries);
      }
      HnswConfig hnsw = new HnswConfig(m, beam, HnswConfig.DEFAULT_QUANTIZATION, HnswConfig.DEFAULT_REFRESH_INTERVAL);
      BenchSettings settings = AnnPeerBench.settings(k, candidates, buildThreads, hnsw);
      PythonPeer peer = new PythonPeer(peerDir != null ? peerDir : PythonPeer.defaultDir(), python,
          line -> System.err.println("hdc bench ann-peer: " + line));
      AnnPeerBench bench = new AnnPeerBench(settings, peer, System.out,
          line -> System.err.println("hdc bench ann-peer: " + line));
      System.out.println("# hdc bench ann-peer");
      for (String set : sets) {
        VectorSource source = source(set);
        BenchData data = BenchData.split(source.load(), queries, k, seed);
        bench.run(set, source.description(), data, work);
      }
      return 0;
    } catch (IllegalArgumentException | MissingDatasetException | IOException e) {
      System.err.println("hdc bench ann-peer: " + e.getMessage());
      return 2;
    }
  }

  private VectorSource source(String set) {
    return switch (set) {
      case "embeddings" -> {
        TorchThreads.configure();
        yield new DatasetEmbeddingSource("fashion-mnist", "train", count, null, ImageSpec.grey(28), SERVING_SEED);
      }
      case "pixels" -> new PixelVectorSource("fashion-mnist", "train", count);
      default -> throw new IllegalArgumentException("--sets must each be embeddings or pixels, got: " + set);
    };
  }
}
