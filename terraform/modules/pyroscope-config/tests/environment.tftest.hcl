# Container environment produced for the ECS task definition.

variables {
  application_name = "rideshare-demo"
  environment      = "production"
  region           = "eu-west-1"
  secret_arn       = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pyroscope-AbCdEf"
}

run "enabled_by_default" {
  command = plan

  assert {
    condition     = output.profiling_enabled == true
    error_message = "Profiling should be on by default."
  }

  assert {
    condition = output.environment == [
      { name = "PYROSCOPE_APPLICATION_NAME", value = "rideshare-demo" },
      { name = "PYROSCOPE_ENABLED", value = "true" },
      { name = "PYROSCOPE_LABELS", value = "environment=production" },
    ]
    error_message = "Unexpected container environment: ${jsonencode(output.environment)}"
  }

  assert {
    condition     = !contains([for e in output.environment : e.name], "PYROSCOPE_AUTH_TOKEN")
    error_message = "The auth token must come from secrets, never from the plain environment."
  }

  assert {
    condition     = !contains([for e in output.environment : e.name], "PYROSCOPE_SERVER_ADDRESS")
    error_message = "The server address must come from secrets, not from the plain environment."
  }
}

run "extra_agent_settings_are_added" {
  command = plan

  variables {
    extra_environment = {
      PYROSCOPE_PROFILER_EVENT = "itimer"
      PYROSCOPE_LOG_LEVEL      = "info"
    }
  }

  assert {
    condition     = output.environment_map["PYROSCOPE_PROFILER_EVENT"] == "itimer" && output.environment_map["PYROSCOPE_LOG_LEVEL"] == "info"
    error_message = "Extra agent settings are missing: ${jsonencode(output.environment_map)}"
  }

  assert {
    condition     = length(output.environment) == 5
    error_message = "Expected 3 managed + 2 extra variables, got ${length(output.environment)}."
  }

  assert {
    condition     = tolist([for e in output.environment : e.name]) == sort([for e in output.environment : e.name])
    error_message = "The environment list should be sorted by name for stable diffs."
  }
}

run "switched_off_by_flag" {
  command = plan

  variables {
    profiling_enabled = false
    secret_arn        = null
    extra_environment = { PYROSCOPE_PROFILER_EVENT = "itimer" }
  }

  assert {
    condition     = output.profiling_enabled == false
    error_message = "profiling_enabled = false must switch profiling off."
  }

  assert {
    condition     = output.environment == [{ name = "PYROSCOPE_ENABLED", value = "false" }]
    error_message = "A disabled environment should only get PYROSCOPE_ENABLED=false, got ${jsonencode(output.environment)}"
  }
}

run "environment_not_in_profiling_list" {
  command = plan

  variables {
    environment            = "staging"
    profiling_environments = ["production"]
  }

  assert {
    condition     = output.profiling_enabled == false
    error_message = "staging is not in profiling_environments, so profiling must be off."
  }

  assert {
    condition     = output.environment == [{ name = "PYROSCOPE_ENABLED", value = "false" }]
    error_message = "Expected only PYROSCOPE_ENABLED=false, got ${jsonencode(output.environment)}"
  }
}

run "environment_in_profiling_list" {
  command = plan

  variables {
    environment            = "staging"
    profiling_environments = ["staging", "production"]
  }

  assert {
    condition     = output.profiling_enabled == true
    error_message = "staging is listed in profiling_environments, so profiling must be on."
  }

  assert {
    condition     = output.environment_map["PYROSCOPE_ENABLED"] == "true"
    error_message = "PYROSCOPE_ENABLED should be true."
  }
}

run "empty_profiling_list_switches_off_everywhere" {
  command = plan

  variables {
    profiling_environments = []
    secret_arn             = null
  }

  assert {
    condition     = output.profiling_enabled == false
    error_message = "An empty profiling_environments list must switch profiling off."
  }
}

run "flag_wins_over_list" {
  command = plan

  variables {
    profiling_enabled      = false
    profiling_environments = ["production"]
  }

  assert {
    condition     = output.profiling_enabled == false
    error_message = "profiling_enabled = false must win even when the environment is listed."
  }
}
