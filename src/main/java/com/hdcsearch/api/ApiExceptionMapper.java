package com.hdcsearch.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns {@link ApiException} into its status with a JSON {@link ApiError} body. */
public class ApiExceptionMapper {
  @ServerExceptionMapper
  public Response toResponse(ApiException e) {
    Response.ResponseBuilder answer = Response.status(e.status())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ApiError(e.code(), e.getMessage()));
    if (e.retryAfterSeconds() > 0) {
      answer.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
    }
    return answer.build();
  }
}
