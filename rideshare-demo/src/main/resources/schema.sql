CREATE TABLE IF NOT EXISTS ride (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    vehicle     VARCHAR(16) NOT NULL,
    region      VARCHAR(32) NOT NULL,
    price_cents BIGINT      NOT NULL
);
