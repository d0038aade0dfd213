package com.hdcsearch.api;

import com.hdcsearch.online.OnlineTrainingService;
import com.hdcsearch.online.TrainingStatus;
import com.hdcsearch.versions.ModelLifecycle;
import com.hdcsearch.versions.VersionEvent;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Public, read-only views of the model lifecycle: the versions with their metrics, and the online trainer. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class VersionsResource {
  private final ModelLifecycle lifecycle;
  private final OnlineTrainingService training;

  VersionsResource(ModelLifecycle lifecycle, OnlineTrainingService training) {
    this.lifecycle = lifecycle;
    this.training = training;
  }

  /**
   * The versions (latest status of each, in order of appearance) and every transition this instance has read.
   *
   * @return {@code {"serving": id, "target": id, "versions": [...], "history": [...]}}
   */
  @GET
  @Path("/model/versions")
  public VersionsResponse versions() {
    var book = lifecycle.book();
    return new VersionsResponse(book.serving().map(VersionEvent::versionId).orElse(null),
        book.target().map(VersionEvent::versionId).orElse(null), book.versions(), book.history());
  }

  /** The online trainer's state, figures and held-out decisions. */
  @GET
  @Path("/training")
  public TrainingStatus training() {
    return training.status();
  }

  /** The answer of {@link #versions()}. */
  public record VersionsResponse(String serving, String target, List<VersionEvent> versions,
      List<VersionEvent> history) {}
}
