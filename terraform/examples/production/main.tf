# Rideshare demo in production with continuous profiling on.

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project     = "rideshare-demo"
      Environment = "production"
      ManagedBy   = "terraform"
    }
  }
}

module "rideshare" {
  source = "../../modules/ecs-service"

  name        = "rideshare-demo"
  environment = "production"
  region      = var.region

  cluster_arn        = var.cluster_arn
  subnet_ids         = var.subnet_ids
  security_group_ids = var.security_group_ids
  platform_version   = "LATEST"

  container_image = var.image
  container_port  = 8080
  cpu             = 1024
  memory          = 2048
  desired_count   = var.desired_count

  container_environment = {
    SPRING_PROFILES_ACTIVE = "production"
  }

  application_name             = "rideshare-demo"
  profiling_enabled            = true
  profiling_environments       = var.profiling_environments
  pyroscope_secret_arn         = var.pyroscope_secret_arn
  pyroscope_secret_kms_key_arn = var.pyroscope_secret_kms_key_arn
  pyroscope_labels = {
    team = "mobility"
  }

  # Bump after rotating the Pyroscope secret: injected values are only read
  # when a task starts.
  redeploy_trigger = var.redeploy_trigger

  log_retention_in_days = 90
}
