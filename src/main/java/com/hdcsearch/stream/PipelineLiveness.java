package com.hdcsearch.stream;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live unless the pipeline is broken for good: Kafka Streams failed or stopped, or the index updater died. Starting,
 * rebalancing and a broker that is away for a while (clients retry) are not reasons to restart the instance.
 */
@Liveness
@ApplicationScoped
public class PipelineLiveness implements HealthCheck {
  private final IngestService ingest;

  PipelineLiveness(IngestService ingest) {
    this.ingest = ingest;
  }

  @Override
  public HealthCheckResponse call() {
    var broken = ingest.broken();
    var response = HealthCheckResponse.named("ingest-pipeline-alive").status(broken.isEmpty())
        .withData("streams", ingest.streamsState());
    broken.ifPresent(why -> response.withData("broken", why));
    return response.build();
  }
}
