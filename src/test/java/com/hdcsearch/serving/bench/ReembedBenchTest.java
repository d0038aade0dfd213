package com.hdcsearch.serving.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.data.DatasetOptions;
import com.hdcsearch.data.DatasetRegistry;
import com.hdcsearch.data.LabelledImage;
import com.hdcsearch.image.ImageSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The short version of {@code hdc bench reembed}: real broker, real pipeline and swap, 200 Fashion-MNIST images. */
class ReembedBenchTest {
  @Test
  void theWholeCatalogIsReEmbeddedAndServedByTheNewVersion() throws Exception {
    List<LabelledImage> catalog = DatasetRegistry.standard().read("fashion-mnist", DatasetOptions.defaults())
        .split("test").images().subList(0, 200);
    var options = new ReembedBench.Options(2, 2, 32, Duration.ofMillis(50), Duration.ofMillis(40),
        ImageSpec.grey(28), Duration.ofMinutes(3));
    ReembedBench.Result r = new ReembedBench(options).run(catalog);
    System.out.printf("ingest %.1f s (%.0f img/s), reembed %.1f s (%.0f img/s)%n", r.ingestSeconds(),
        r.ingestPerSecond(), r.reembedSeconds(), r.reembedPerSecond());
    assertEquals(200, r.items());
    assertEquals("untrained-2", r.servedVersion(), "the new version serves after the swap");
    assertEquals(200, r.servedItems(), "its index holds the whole catalog");
    assertTrue(r.reembedSeconds() > 0 && r.ingestSeconds() > 0);
  }
}
