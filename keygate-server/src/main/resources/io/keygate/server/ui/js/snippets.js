// Ready-to-paste configuration for the shippers, filled with a newly created key.
// Beats, Elastic Agent, APM Server and Logstash take "id:api_key"; OpenTelemetry and Fluent Bit take the encoded value.

export function snippets(key, origin) {
  const beats = `${key.id}:${key.api_key}`;
  const url = new URL(origin);
  const tls = url.protocol === 'https:';
  const port = url.port || (tls ? '443' : '80');
  return [
    {
      id: 'apm', label: 'apm-server.yml',
      text: `output.elasticsearch:
  hosts: ["${origin}"]
  api_key: "${beats}"

monitoring.enabled: true
monitoring.elasticsearch:
  hosts: ["${origin}"]
  api_key: "${beats}"  # or a separate key from the "APM Server: monitoring" template
`,
    },
    {
      id: 'filebeat', label: 'Filebeat',
      text: `# filebeat.yml
output.elasticsearch:
  hosts: ["${origin}"]
  api_key: "${beats}"
`,
    },
    {
      id: 'logstash', label: 'Logstash',
      text: `# pipeline.conf: Logstash sends API keys only over TLS
output {
  elasticsearch {
    hosts => ["${origin}"]
    api_key => "${beats}"
    ssl_enabled => ${tls}
    data_stream => true
  }
}
`,
    },
    {
      id: 'otel', label: 'OpenTelemetry Collector',
      text: `# otel-collector.yaml
exporters:
  elasticsearch:
    endpoint: "${origin}"
    api_key: "${key.encoded}"

service:
  pipelines:
    logs:
      exporters: [elasticsearch]
`,
    },
    {
      id: 'fluentbit', label: 'Fluent Bit',
      text: `# fluent-bit.conf
[OUTPUT]
    Name               es
    Match              *
    Host               ${url.hostname}
    Port               ${port}
    tls                ${tls ? 'On' : 'Off'}
    http_api_key       ${key.encoded}
    Suppress_Type_Name On
    Index              logs-fluentbit-default
`,
    },
    {
      id: 'curl', label: 'curl',
      text: `curl -H "Authorization: ApiKey ${key.encoded}" \\
  "${origin}/_security/_authenticate"
`,
    },
  ];
}

/** The key in each of the formats the "After creation" screen offers. */
export function formats(key) {
  const beats = `${key.id}:${key.api_key}`;
  const json = { id: key.id, name: key.name, api_key: key.api_key, encoded: key.encoded };
  if (key.expiration) json.expiration = key.expiration;
  return [
    { id: 'encoded', label: 'Encoded', value: key.encoded, hint: 'Base64 of id:api_key, for an "Authorization: ApiKey …" header, OpenTelemetry and Fluent Bit.' },
    { id: 'beats', label: 'Beats', value: beats, hint: 'id:api_key, for Beats, Elastic Agent and APM Server (output.elasticsearch.api_key).' },
    { id: 'logstash', label: 'Logstash', value: beats, hint: 'id:api_key, for the api_key option of the Logstash elasticsearch output.' },
    { id: 'json', label: 'JSON', value: JSON.stringify(json, null, 2), hint: 'The whole answer of the create API.' },
  ];
}
