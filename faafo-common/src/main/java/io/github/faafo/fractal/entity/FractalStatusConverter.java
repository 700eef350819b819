package io.github.faafo.fractal.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Locale;

/** Stores {@link FractalStatus} as its lower-case label, readable in SQL. */
@Converter(autoApply = true)
public class FractalStatusConverter implements AttributeConverter<FractalStatus, String> {

  @Override
  public String convertToDatabaseColumn(FractalStatus status) {
    return status == null ? null : status.label();
  }

  @Override
  public FractalStatus convertToEntityAttribute(String label) {
    return label == null ? null : FractalStatus.valueOf(label.toUpperCase(Locale.ROOT));
  }
}
