package io.github.faafo.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The test archive: the API WAR exactly as the build made it. The resource adapter, producer and
 * worker are deployed beside it by arquillian.xml, as bin/run does.
 */
final class Deployments {

  private Deployments() {}

  static WebArchive api() {
    return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("api.war")));
  }
}
