package io.github.faafo.api.boundary;

import java.util.List;

/** One page of the list, shaped like the original's Flask-Restless answer. */
public record FractalPage(List<FractalView> objects, long numResults, int page, int totalPages) {}
