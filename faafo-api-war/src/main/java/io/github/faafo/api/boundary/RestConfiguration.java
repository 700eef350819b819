package io.github.faafo.api.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** Puts the REST resources under {@code /api}, as the original's Flask API. */
@ApplicationPath("api")
@OpenAPIDefinition(
    info =
        @Info(
            title = "faafo fractal API",
            version = "1.0",
            description =
                "Julia-set fractals: create one (it gets rendered), list, read, fetch the PNG."
                    + " PUT and DELETE need the administrator (HTTP Basic). Every error has the"
                    + " body ErrorBody."))
public class RestConfiguration extends Application {}
