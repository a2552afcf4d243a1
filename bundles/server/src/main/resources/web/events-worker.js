// One event stream for every tab of this server: browsers allow only a few connections per host
// over HTTP/1.1, so each tab holding its own EventSource would stall the seventh tab. Tabs
// connect to this shared worker; it forwards every event to all of them.
const ports = new Set();
let source = null;
let lastPlugins = null;

function broadcast(message) {
  for (const port of ports) port.postMessage(message);
}

function open() {
  source = new EventSource('/api/events');
  source.addEventListener('open', () => broadcast({ type: 'open' }));
  source.addEventListener('error', () => broadcast({ type: 'error' }));
  for (const event of ['plugins', 'changes', 'resync']) {
    source.addEventListener(event, (e) => {
      if (event === 'plugins') lastPlugins = e.data;
      broadcast({ type: event, data: e.data });
    });
  }
}

onconnect = (e) => {
  const port = e.ports[0];
  ports.add(port);
  port.onmessage = (m) => {
    if (m.data === 'close') {
      ports.delete(port);
      if (ports.size === 0 && source) { source.close(); source = null; }
    }
  };
  if (!source) open();
  else if (source.readyState === EventSource.OPEN) {
    port.postMessage({ type: 'open' });
    if (lastPlugins) port.postMessage({ type: 'plugins', data: lastPlugins });
  }
  port.start();
};
