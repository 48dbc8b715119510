{{/*
Helpers shared by every template. Values with dashes in their names (the extension settings keep the original's
dotted names, e.g. kustomize-controller.concurrent) are read with `index`.
*/}}

{{/* "true" when a setting is true, whether it came as a boolean (--set) or as a string (--set-string, --config). */}}
{{- define "fluxconfig.isTrue" -}}
{{- if kindIs "bool" . -}}
{{- . -}}
{{- else -}}
{{- eq (lower (toString .)) "true" -}}
{{- end -}}
{{- end -}}

{{/* "true" when the component named .name is switched on by its <name>.enabled value. */}}
{{- define "fluxconfig.enabled" -}}
{{- include "fluxconfig.isTrue" (index .root.Values .name "enabled") -}}
{{- end -}}

{{/* Name of a cluster-scoped object of this release: <component>-<release namespace>. */}}
{{- define "fluxconfig.clusterName" -}}
{{- printf "%s-%s" .name .root.Release.Namespace | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "fluxconfig.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "fluxconfig.labels" -}}
{{ include "fluxconfig.selectorLabels" . }}
app.kubernetes.io/part-of: fluxconfig
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Components that take part in Azure workload identity (seed: federate these service accounts). */}}
{{- define "fluxconfig.workloadIdentityComponents" -}}
{{- list "source-controller" "kustomize-controller" "image-reflector-controller" "fluxconfig-agent" | toJson -}}
{{- end -}}

{{- define "fluxconfig.usesWorkloadIdentity" -}}
{{- and (eq (include "fluxconfig.isTrue" .root.Values.workloadIdentity.enable) "true") (has .name (include "fluxconfig.workloadIdentityComponents" . | fromJsonArray)) -}}
{{- end -}}

{{/* Components that use the kubelet identity when useKubeletIdentity is true (same set as workload identity). */}}
{{- define "fluxconfig.usesKubeletIdentity" -}}
{{- and (eq (include "fluxconfig.isTrue" .root.Values.useKubeletIdentity) "true") (has .name (list "source-controller" "kustomize-controller" "image-reflector-controller")) -}}
{{- end -}}

{{/* Pod template labels: selector labels, plus the workload identity label for the components that use it. */}}
{{- define "fluxconfig.podLabels" -}}
{{ include "fluxconfig.selectorLabels" . }}
app.kubernetes.io/part-of: fluxconfig
{{- if eq (include "fluxconfig.usesWorkloadIdentity" .) "true" }}
azure.workload.identity/use: "true"
{{- end }}
{{- end -}}

{{/* Pod template annotations: Prometheus scraping, and the AKS kube service host annotation when asked for. */}}
{{- define "fluxconfig.podAnnotations" -}}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .metricsPort | quote }}
prometheus.io/path: {{ .metricsPath }}
{{- if eq (include "fluxconfig.isTrue" .root.Values.setKubeServiceHostFqdn) "true" }}
kubernetes.azure.com/set-kube-service-host-fqdn: "true"
{{- end }}
{{- end -}}

{{/* ServiceAccount of a component; carries the workload identity client (and tenant) id where it applies. */}}
{{- define "fluxconfig.serviceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ .name }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "fluxconfig.labels" . | nindent 4 }}
  {{- if eq (include "fluxconfig.usesWorkloadIdentity" .) "true" }}
  annotations:
    azure.workload.identity/client-id: {{ .root.Values.workloadIdentity.azureClientId | toString | quote }}
    {{- with .root.Values.workloadIdentity.azureTenantId }}
    azure.workload.identity/tenant-id: {{ . | toString | quote }}
    {{- end }}
  {{- end }}
{{- end -}}

{{/* Where pods may run and what they pull with: the same for every component. */}}
{{- define "fluxconfig.scheduling" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Restricted pod security: non-root, RuntimeDefault seccomp. */}}
{{- define "fluxconfig.podSecurityContext" -}}
runAsNonRoot: true
seccompProfile:
  type: RuntimeDefault
{{- with .fsGroup }}
fsGroup: {{ . }}
{{- end }}
{{- end -}}

{{/* Restricted container security: read-only root, no privilege escalation, no capabilities. */}}
{{- define "fluxconfig.containerSecurityContext" -}}
runAsNonRoot: true
{{- with .runAsUser }}
runAsUser: {{ . }}
runAsGroup: {{ . }}
{{- end }}
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
privileged: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Image of fluxconfig-agent or fluxconfig-controller. */}}
{{- define "fluxconfig.image" -}}
{{- printf "%s/%s:%s" (.root.Values.image.registry | trimSuffix "/") .name (.root.Values.image.tag | default .root.Chart.AppVersion | toString) -}}
{{- end -}}

{{/* Upstream image of a Flux controller. */}}
{{- define "fluxconfig.fluxImage" -}}
{{- printf "%s/%s:%s" (.root.Values.flux.registry | trimSuffix "/") .name (index .root.Values .name "image" "tag" | toString) -}}
{{- end -}}

{{/* Quarkus log level (INFO, ERROR, DEBUG) from an extension setting (info, error, debug). */}}
{{- define "fluxconfig.quarkusLogLevel" -}}
{{- $level := index .root.Values .name "log-level" | toString | lower -}}
{{- if not (has $level (list "info" "error" "debug")) -}}
{{- fail (printf "%s.log-level must be info, error or debug, not %q" .name $level) -}}
{{- end -}}
{{- upper $level -}}
{{- end -}}

{{/* Address the Flux controllers send events to, when notification-controller is installed. */}}
{{- define "fluxconfig.eventsAddr" -}}
{{- if eq (include "fluxconfig.enabled" (dict "root" .root "name" "notification-controller")) "true" -}}
{{- printf "--events-addr=http://notification-controller.%s.svc.cluster.local./" .root.Release.Namespace -}}
{{- end -}}
{{- end -}}

{{/* Arguments every Flux controller gets (JSON list). */}}
{{- define "fluxconfig.flux.commonArgs" -}}
{{- $v := index .root.Values .name -}}
{{- $args := list "--watch-all-namespaces=true" (printf "--log-level=%s" (index $v "log-level" | toString)) "--log-encoding=json" "--enable-leader-election" -}}
{{- if .events -}}
{{- with include "fluxconfig.eventsAddr" . -}}
{{- $args = append $args . -}}
{{- end -}}
{{- end -}}
{{- toJson $args -}}
{{- end -}}

{{/* One --feature-gates argument from the gates the settings switch on plus <controller>.featureGates (JSON list). */}}
{{- define "fluxconfig.flux.featureGateArgs" -}}
{{- $gates := .gates -}}
{{- with index .root.Values .name "featureGates" -}}
{{- $gates = append $gates (toString .) -}}
{{- end -}}
{{- if $gates -}}
{{- list (printf "--feature-gates=%s" (join "," $gates)) | toJson -}}
{{- else -}}
{{- list | toJson -}}
{{- end -}}
{{- end -}}

{{/* The multi-tenancy lockdown flags (JSON list): no cross-namespace references, and for the appliers a default service account. */}}
{{- define "fluxconfig.flux.multiTenancyArgs" -}}
{{- if eq (include "fluxconfig.isTrue" .root.Values.multiTenancy.enforce) "true" -}}
{{- if .applier -}}
{{- list "--no-cross-namespace-refs=true" "--default-service-account=flux-applier" | toJson -}}
{{- else -}}
{{- list "--no-cross-namespace-refs=true" | toJson -}}
{{- end -}}
{{- else -}}
{{- list | toJson -}}
{{- end -}}
{{- end -}}

{{/* <controller>.ssh-host-key-args split into arguments (JSON list). */}}
{{- define "fluxconfig.flux.sshHostKeyArgs" -}}
{{- $raw := index .root.Values .name "ssh-host-key-args" | default "" | toString | trim -}}
{{- if $raw -}}
{{- splitList " " $raw | compact | toJson -}}
{{- else -}}
{{- list | toJson -}}
{{- end -}}
{{- end -}}

{{/*
A Flux controller Deployment. Input: root, name, args (list), ports (list), readinessPath, readinessPort, volumes
(list of {name, emptyDir}), mounts (list), env (list), fsGroup.
*/}}
{{- define "fluxconfig.flux.deployment" -}}
{{- $root := .root -}}
{{- $v := index $root.Values .name -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .name }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "fluxconfig.labels" . | nindent 4 }}
    control-plane: controller
spec:
  replicas: 1
  selector:
    matchLabels:
      {{- include "fluxconfig.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "fluxconfig.podLabels" . | nindent 8 }}
      annotations:
        {{- include "fluxconfig.podAnnotations" (dict "root" $root "metricsPort" 8080 "metricsPath" "/metrics") | nindent 8 }}
    spec:
      serviceAccountName: {{ .name }}
      terminationGracePeriodSeconds: 10
      {{- with $root.Values.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      securityContext:
        {{- include "fluxconfig.podSecurityContext" (dict "fsGroup" .fsGroup) | nindent 8 }}
      {{- include "fluxconfig.scheduling" $root | trim | nindent 6 }}
      containers:
        - name: manager
          image: {{ include "fluxconfig.fluxImage" . }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          args:
            {{- toYaml .args | nindent 12 }}
          env:
            - name: RUNTIME_NAMESPACE
              valueFrom:
                fieldRef:
                  fieldPath: metadata.namespace
            - name: GOMEMLIMIT
              valueFrom:
                resourceFieldRef:
                  containerName: manager
                  resource: limits.memory
            {{- if eq (include "fluxconfig.usesKubeletIdentity" .) "true" }}
            - name: USE_KUBELET_IDENTITY
              value: "true"
            {{- with $root.Values.kubeletIdentity.clientId }}
            {{- if ne (include "fluxconfig.usesWorkloadIdentity" (dict "root" $root "name" $.name)) "true" }}
            - name: AZURE_CLIENT_ID
              value: {{ . | toString | quote }}
            {{- end }}
            {{- end }}
            {{- end }}
            {{- with .env }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          ports:
            {{- range .ports }}
            - name: {{ .name }}
              containerPort: {{ .port }}
              protocol: TCP
            {{- end }}
            - name: http-prom
              containerPort: 8080
              protocol: TCP
            - name: healthz
              containerPort: 9440
              protocol: TCP
          livenessProbe:
            httpGet:
              path: /healthz
              port: healthz
          readinessProbe:
            httpGet:
              path: {{ .readinessPath | default "/readyz" }}
              port: {{ .readinessPort | default "healthz" }}
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          securityContext:
            {{- include "fluxconfig.containerSecurityContext" dict | nindent 12 }}
          volumeMounts:
            {{- toYaml .mounts | nindent 12 }}
      volumes:
        {{- toYaml .volumes | nindent 8 }}
{{- end -}}

{{/* A ClusterRole and its ClusterRoleBinding to a component's ServiceAccount. Input: root, name, rules (YAML string). */}}
{{- define "fluxconfig.clusterRoleAndBinding" -}}
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: {{ include "fluxconfig.clusterName" . }}
  labels:
    {{- include "fluxconfig.labels" . | nindent 4 }}
rules:
  {{- .rules | trim | nindent 2 }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: {{ include "fluxconfig.clusterName" . }}
  labels:
    {{- include "fluxconfig.labels" . | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: {{ include "fluxconfig.clusterName" . }}
subjects:
  - kind: ServiceAccount
    name: {{ .name }}
    namespace: {{ .root.Release.Namespace }}
{{- end -}}

{{/* Pod-level network settings of the agent and the controller: the node's network when hostNetwork is on. */}}
{{- define "fluxconfig.hostNetwork" -}}
{{- if eq (include "fluxconfig.isTrue" .Values.hostNetwork) "true" }}
hostNetwork: true
dnsPolicy: ClusterFirstWithHostNet
{{- end }}
{{- end -}}

{{/* The API server address the in-cluster client reads, when kubernetesService overrides the kubelet's. */}}
{{- define "fluxconfig.kubernetesServiceEnv" -}}
{{- with .Values.kubernetesService.host }}
- name: KUBERNETES_SERVICE_HOST
  value: {{ . | toString | quote }}
{{- end }}
{{- with .Values.kubernetesService.port }}
- name: KUBERNETES_SERVICE_PORT
  value: {{ . | toString | quote }}
{{- end }}
{{- end -}}

{{/* Probe host of the agent and the controller: loopback on the node's network, the pod's IP otherwise. */}}
{{- define "fluxconfig.probeHost" -}}
{{- if eq (include "fluxconfig.isTrue" .Values.hostNetwork) "true" -}}
host: 127.0.0.1
{{- end -}}
{{- end -}}
