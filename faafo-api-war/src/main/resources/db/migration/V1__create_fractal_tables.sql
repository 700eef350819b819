-- The fractal records and their images (faafo 1.0).
CREATE TABLE fractal (
  uuid          CHAR(36)      NOT NULL,
  width         INT           NOT NULL,
  height        INT           NOT NULL,
  iterations    INT           NOT NULL,
  xa            DOUBLE        NOT NULL,
  xb            DOUBLE        NOT NULL,
  ya            DOUBLE        NOT NULL,
  yb            DOUBLE        NOT NULL,
  cx            DOUBLE        NULL,
  cy            DOUBLE        NULL,
  status        VARCHAR(16)   NOT NULL,
  checksum      CHAR(64)      NULL,
  duration      DOUBLE        NULL,
  size          BIGINT        NULL,
  generated_by  VARCHAR(255)  NULL,
  reason        VARCHAR(1024) NULL,
  attempts      INT           NOT NULL DEFAULT 0,
  dispatched_at DATETIME(3)   NULL,
  created_at    DATETIME(3)   NOT NULL,
  updated_at    DATETIME(3)   NOT NULL,
  PRIMARY KEY (uuid),
  INDEX fractal_created_at (created_at),
  INDEX fractal_status_dispatched_at (status, dispatched_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE fractal_image (
  uuid      CHAR(36)   NOT NULL,
  png       LONGBLOB   NOT NULL,
  thumbnail MEDIUMBLOB NOT NULL,
  PRIMARY KEY (uuid),
  CONSTRAINT fractal_image_fractal FOREIGN KEY (uuid) REFERENCES fractal (uuid) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
