# Rideshare demo in staging: a separate region, and profiling switched off by
# default. Set profiling_enabled = true (and pyroscope_secret_arn) to try the
# agent here before production.

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project     = "rideshare-demo"
      Environment = "staging"
      ManagedBy   = "terraform"
    }
  }
}

module "rideshare" {
  source = "../../modules/ecs-service"

  name        = "rideshare-demo-staging"
  environment = "staging"
  region      = var.region

  cluster_arn        = var.cluster_arn
  subnet_ids         = var.subnet_ids
  security_group_ids = var.security_group_ids
  platform_version   = "1.4.0"

  container_image = var.image
  container_port  = 8080
  cpu             = 512
  memory          = 1024
  desired_count   = 1

  container_environment = {
    SPRING_PROFILES_ACTIVE = "staging"
  }

  application_name     = "rideshare-demo"
  profiling_enabled    = var.profiling_enabled
  pyroscope_secret_arn = var.pyroscope_secret_arn
  pyroscope_labels = {
    team = "mobility"
  }

  log_retention_in_days = 7
}
