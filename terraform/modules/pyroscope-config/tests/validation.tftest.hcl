# Invalid inputs are rejected at plan time by variable validation.

variables {
  application_name = "rideshare-demo"
  environment      = "production"
  region           = "eu-west-1"
  secret_arn       = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pyroscope-AbCdEf"
}

run "accepts_valid_inputs" {
  command = plan

  variables {
    application_name = "mobility/rideshare-demo_v1.0"
    labels           = { team_1 = "mobility", TIER = "backend-api" }
    kms_key_arn      = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }

  assert {
    condition     = output.profiling_enabled
    error_message = "Valid inputs should plan with profiling on."
  }
}

run "rejects_label_name_with_dash" {
  command = plan
  variables {
    labels = { "team-name" = "mobility" }
  }
  expect_failures = [var.labels]
}

run "rejects_label_name_with_dot" {
  command = plan
  variables {
    labels = { "app.kubernetes.io" = "rideshare" }
  }
  expect_failures = [var.labels]
}

run "rejects_label_value_with_comma" {
  command = plan
  variables {
    labels = { team = "a,b" }
  }
  expect_failures = [var.labels]
}

run "rejects_label_value_with_equals" {
  command = plan
  variables {
    labels = { team = "a=b" }
  }
  expect_failures = [var.labels]
}

run "rejects_label_value_with_braces" {
  command = plan
  variables {
    labels = { team = "{mobility}" }
  }
  expect_failures = [var.labels]
}

run "rejects_reserved_label_name" {
  command = plan
  variables {
    labels = { "__name__" = "cpu" }
  }
  expect_failures = [var.labels]
}

run "rejects_blank_label_value" {
  command = plan
  variables {
    labels = { team = "  " }
  }
  expect_failures = [var.labels]
}

run "a_region_label_may_be_given" {
  # Detected on ECS; a label given by hand wins over the detected one.
  command = plan
  variables {
    labels = { region = "emea" }
  }
  assert {
    condition     = output.labels["region"] == "emea"
    error_message = "A region label given by hand must be kept."
  }
}

run "rejects_application_name_with_space" {
  command = plan
  variables {
    application_name = "ride share"
  }
  expect_failures = [var.application_name]
}

run "rejects_application_name_with_braces" {
  command = plan
  variables {
    application_name = "rideshare{env=prod}"
  }
  expect_failures = [var.application_name]
}

run "rejects_non_secretsmanager_arn" {
  command = plan
  variables {
    secret_arn = "arn:aws:ssm:eu-west-1:123456789012:parameter/pyroscope"
  }
  expect_failures = [var.secret_arn]
}

run "rejects_secret_name_instead_of_arn" {
  command = plan
  variables {
    secret_arn = "pyroscope/rideshare"
  }
  expect_failures = [var.secret_arn]
}

run "rejects_secret_arn_with_json_key_suffix" {
  command = plan
  variables {
    # The module appends ":<json-key>::" itself.
    secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pyroscope-AbCdEf:pyroscope_auth_token::"
  }
  expect_failures = [var.secret_arn]
}

run "requires_secret_when_enabled" {
  command = plan
  variables {
    secret_arn = null
  }
  expect_failures = [var.secret_arn]
}

run "rejects_kms_alias" {
  command = plan
  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:alias/pyroscope"
  }
  expect_failures = [var.kms_key_arn]
}

run "rejects_malformed_kms_key_arn" {
  command = plan
  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/not-a-key-id"
  }
  expect_failures = [var.kms_key_arn]
}

run "rejects_bad_region" {
  command = plan
  variables {
    region = "Europe"
  }
  expect_failures = [var.region]
}

run "rejects_bad_environment" {
  command = plan
  variables {
    environment = "Prod Env"
  }
  expect_failures = [var.environment]
}

run "rejects_managed_name_in_extra_environment" {
  command = plan
  variables {
    extra_environment = { PYROSCOPE_AUTH_TOKEN = "plain-text-token" }
  }
  expect_failures = [var.extra_environment]
}

run "rejects_credentials_in_extra_environment" {
  command = plan
  variables {
    extra_environment = { PYROSCOPE_BASIC_AUTH_PASSWORD = "hunter2" }
  }
  expect_failures = [var.extra_environment]
}
