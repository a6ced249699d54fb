// Ready-made role descriptors for the programs that ship data (Elastic's documented privileges).
export const TEMPLATES = [
  {
    id: 'apm-writer', label: 'APM Server: writer', snippet: 'apm',
    description: 'Lets APM Server write traces, logs and metrics to the APM data streams.',
    descriptors: {
      apm_writer: {
        cluster: ['monitor'],
        indices: [{ names: ['traces-apm*', 'logs-apm*', 'metrics-apm*'], privileges: ['auto_configure', 'create_doc'] }],
      },
    },
  },
  {
    id: 'apm-monitoring', label: 'APM Server: monitoring', snippet: 'apm',
    description: "Lets APM Server send its own monitoring data (internal collection).",
    descriptors: {
      apm_monitoring: {
        cluster: ['monitor'],
        indices: [{ names: ['.monitoring-beats-*'], privileges: ['create_index', 'create_doc'] }],
      },
    },
  },
  {
    id: 'apm-sourcemaps', label: 'APM Server: RUM source maps', snippet: 'apm',
    description: 'Lets APM Server read source maps to un-minify real-user-monitoring stack traces.',
    descriptors: {
      apm_sourcemap: {
        indices: [{ names: ['.apm-source-map'], privileges: ['read'] }],
      },
    },
  },
  {
    id: 'apm-central-config', label: 'APM Server: central configuration', snippet: 'apm',
    description: 'Lets APM Server read agent configuration (a restricted index).',
    descriptors: {
      apm_agent_config: {
        indices: [{ names: ['.apm-agent-configuration'], privileges: ['read'], allow_restricted_indices: true }],
      },
    },
  },
  {
    id: 'beats-writer', label: 'Filebeat / Beats: writer', snippet: 'filebeat',
    description: 'Lets Filebeat publish events to its data streams and use ingest pipelines.',
    descriptors: {
      filebeat_writer: {
        cluster: ['monitor', 'read_pipeline'],
        indices: [{ names: ['filebeat-*'], privileges: ['view_index_metadata', 'create_doc', 'auto_configure'] }],
      },
    },
  },
  {
    id: 'agent-writer', label: 'Elastic Agent (standalone): writer', snippet: 'otel',
    description: 'Lets a standalone Elastic Agent (or an OpenTelemetry collector) write logs, metrics and traces data streams.',
    descriptors: {
      agent_writer: {
        cluster: ['monitor'],
        indices: [{ names: ['logs-*-*', 'metrics-*-*', 'traces-*-*', 'synthetics-*-*'], privileges: ['auto_configure', 'create_doc'] }],
      },
    },
  },
];

export function templateById(id) {
  return TEMPLATES.find(t => t.id === id);
}
