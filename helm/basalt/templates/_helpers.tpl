{{- define "basalt.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-scoped name; the pods are <fullname>-0, <fullname>-1, ... */}}
{{- define "basalt.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "basalt.headlessName" -}}
{{- printf "%s-headless" (include "basalt.fullname" . | trunc 54 | trimSuffix "-") }}
{{- end }}

{{- define "basalt.selectorLabels" -}}
app.kubernetes.io/name: {{ include "basalt.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "basalt.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "basalt.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The Secret holding the password, and its key. */}}
{{- define "basalt.secretName" -}}
{{- if .Values.auth.existingSecret }}
{{- .Values.auth.existingSecret }}
{{- else }}
{{- include "basalt.fullname" . }}
{{- end }}
{{- end }}

{{- define "basalt.secretKey" -}}
{{- if .Values.auth.existingSecret }}
{{- .Values.auth.existingSecretKey }}
{{- else -}}
password
{{- end }}
{{- end }}

{{/*
Basalt's application.yml: .Values.config plus the keys the chart owns. Keys that the chart owns, and the
password, are refused in .Values.config so that no value silently loses.
*/}}
{{- define "basalt.applicationYaml" -}}
{{- $config := deepCopy (.Values.config | default dict) }}
{{- $lavalink := get $config "lavalink" | default dict }}
{{- $server := get $lavalink "server" | default dict }}
{{- if hasKey $server "password" }}
{{- fail "config.lavalink.server.password must not be set: the password belongs in a Secret (auth.password or auth.existingSecret), never in the ConfigMap" }}
{{- end }}
{{- if hasKey (get $config "server" | default dict) "port" }}
{{- fail "config.server.port must not be set: use the value `port`" }}
{{- end }}
{{- if hasKey (get $config "metrics" | default dict) "prometheus" }}
{{- fail "config.metrics.prometheus must not be set: use metrics.enabled and metrics.path" }}
{{- end }}
{{- if hasKey (get (get $config "spring" | default dict) "lifecycle" | default dict) "timeout-per-shutdown-phase" }}
{{- fail "config.spring.lifecycle.timeout-per-shutdown-phase must not be set: use shutdown.timeoutSeconds" }}
{{- end }}
{{- $owned := dict
  "server" (dict "port" (int .Values.port))
  "spring" (dict "lifecycle" (dict "timeout-per-shutdown-phase" (printf "%ds" (int .Values.shutdown.timeoutSeconds))))
}}
{{- if .Values.metrics.enabled }}
{{- $_ := set $owned "metrics" (dict "prometheus" (dict "enabled" true "endpoint" .Values.metrics.path)) }}
{{- end }}
{{- toYaml (mergeOverwrite $config $owned) }}
{{- end }}

{{/* Refuses a grace period that would kill Basalt before its graceful shutdown can finish. */}}
{{- define "basalt.checkGracePeriod" -}}
{{- $needed := add (int .Values.shutdown.preStopSleepSeconds) (int .Values.shutdown.timeoutSeconds) }}
{{- if le (int .Values.terminationGracePeriodSeconds) (int $needed) }}
{{- fail (printf "terminationGracePeriodSeconds (%d) must be larger than shutdown.preStopSleepSeconds + shutdown.timeoutSeconds (%d), or Kubernetes kills Basalt before it has closed its sessions" (int .Values.terminationGracePeriodSeconds) (int $needed)) }}
{{- end }}
{{- end }}
