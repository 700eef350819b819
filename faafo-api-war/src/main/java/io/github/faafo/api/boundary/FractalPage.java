package io.github.faafo.api.boundary;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of the list, shaped like the original's Flask-Restless answer. */
@Schema(
    description = "One page of fractals, newest first (objects, num_results, page, total_pages).")
public record FractalPage(List<FractalView> objects, long numResults, int page, int totalPages) {}
