package io.github.faafo.fractal.entity;

import org.eclipse.persistence.platform.database.MySQLPlatform;

/**
 * EclipseLink's MySQL platform with millisecond timestamps always on. The stock platform decides
 * from the server's version string, and MariaDB reports itself as "5.5.5-10.x", so EclipseLink
 * would cut {@code created_at} to whole seconds there and newest-first lists would tie.
 */
public class MySqlPlatform extends MySQLPlatform {

  private static final long serialVersionUID = 1L;

  @Override
  public boolean isFractionalTimeSupported() {
    return true;
  }
}
