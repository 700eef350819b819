package io.github.faafo.api.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Puts the REST resources under {@code /api}, as the original's Flask API. */
@ApplicationPath("api")
public class RestConfiguration extends Application {}
