# This module is deliberately provider-free: it only turns inputs into the
# values an ECS task needs (environment, secrets, IAM policy JSON). Keeping it
# free of providers lets `terraform init` and `terraform test` run offline.
#
# Terraform 1.9 is the first release whose variable validation may refer to
# other variables, which the secret/profiling cross-checks rely on.
terraform {
  required_version = ">= 1.9.0"
}
