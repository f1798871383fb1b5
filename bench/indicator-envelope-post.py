#!/usr/bin/env python3
# N concurrent TAXII POSTs of COUNT ordinary indicators each (about 550 bytes an indicator), to the collection with alias
# "mem" of a node on 127.0.0.1:PORT; prints the body size and each answer (status, status, successes, failures, seconds).
# Usage: indicator-envelope-post.py PORT ADMIN_TOKEN N COUNT
import sys, threading, urllib.request, base64, time, json, uuid
port, token, n, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def ind():
    i = str(uuid.uuid4())
    return json.dumps({"type":"indicator","spec_version":"2.1","id":"indicator--"+i,"created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",
      "name":"legit "+i,"description":"an indicator of a realistic size, with text that a report would give it "*2,"indicator_types":["malicious-activity"],
      "pattern":"[ipv4-addr:value = '10.%d.%d.%d']" % (hash(i)%250, hash(i+'a')%250, hash(i+'b')%250),"pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z",
      "labels":["a","b","c"]}, separators=(',',':'))
bodies = [('{"objects":[' + ",".join(ind() for _ in range(count)) + ']}').encode() for _ in range(n)]
auth = 'Basic ' + base64.b64encode(('admin:' + token).encode()).decode()
res = []
def go(body):
    req = urllib.request.Request('http://127.0.0.1:%d/api1/collections/mem/objects/' % port, data=body, method='POST',
        headers={'Content-Type': 'application/taxii+json;version=2.1', 'Accept': 'application/taxii+json;version=2.1', 'Authorization': auth})
    t = time.time()
    try:
        with urllib.request.urlopen(req, timeout=600) as r:
            j = json.load(r); res.append((r.status, j.get('status'), j.get('success_count'), j.get('failure_count'), round(time.time()-t,1)))
    except urllib.error.HTTPError as e:
        res.append((e.code, e.read()[:200], round(time.time()-t,1)))
    except Exception as e:
        res.append(('exc', str(e)[:200]))
ts = [threading.Thread(target=go, args=(b,)) for b in bodies]
[t.start() for t in ts]; [t.join() for t in ts]
print(len(bodies[0]), res)
