package io.github.faafo.fractal.entity;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/**
 * The rendered PNG and its thumbnail, kept in the database so that any API node can serve them
 * wherever the worker ran; a table apart from {@link Fractal} keeps list queries light.
 */
@Entity
@Table(name = "fractal_image")
public class FractalImage {

  @Id
  @Column(length = 36)
  private String uuid;

  @Lob
  @Basic(fetch = FetchType.LAZY)
  @Column(nullable = false)
  private byte[] png;

  @Lob
  @Basic(fetch = FetchType.LAZY)
  @Column(nullable = false)
  private byte[] thumbnail;

  protected FractalImage() {}

  public FractalImage(String uuid, byte[] png, byte[] thumbnail) {
    this.uuid = uuid;
    this.png = png;
    this.thumbnail = thumbnail;
  }

  public String getUuid() {
    return uuid;
  }

  public byte[] getPng() {
    return png;
  }

  public byte[] getThumbnail() {
    return thumbnail;
  }
}
