package com.hdcsearch.dashboard;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Times every similar-by-id and search-by-image request from the resource match to the response, errors included
 * (their status tells them apart), into {@link LookupStats}. At the HTTP layer so that the search code stays as it is.
 */
@Provider
public class LookupTimingFilter implements ContainerRequestFilter, ContainerResponseFilter {
  private static final String STARTED = LookupTimingFilter.class.getName() + ".started";

  private final LookupStats stats;

  LookupTimingFilter(LookupStats stats) {
    this.stats = stats;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (LookupKind.of(request.getMethod(), request.getUriInfo().getPath()) != null) {
      request.setProperty(STARTED, System.nanoTime());
    }
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (!(request.getProperty(STARTED) instanceof Long started)) {
      return;
    }
    LookupKind kind = LookupKind.of(request.getMethod(), request.getUriInfo().getPath());
    if (kind != null) {
      stats.record(kind, response.getStatus(), (System.nanoTime() - started) / 1e6);
    }
  }
}
