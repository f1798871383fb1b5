#!/usr/bin/env python3
# Three (or N) concurrent TAXII POSTs of an envelope of MB megabytes of entries of 100,000 [] each, to the collection
# with alias "mem" of a node on 127.0.0.1:PORT; prints the body size and each answer (status, status, failures, seconds).
# Usage: dense-envelope-post.py PORT ADMIN_TOKEN N MB
import sys, threading, urllib.request, base64, time, json
port, token, n, mb = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
# entries of 100,000 [] each: one dense object after another, mb megabytes in all
entry = '{"type":"x-acme","id":"x-acme--%s","x":[' + ",".join(["[]"] * 100000) + ']}'
count = mb * 1024 * 1024 // len(entry)
import uuid
body = ('{"objects":[' + ",".join(entry % uuid.uuid4() for _ in range(count)) + ']}').encode()
auth = 'Basic ' + base64.b64encode(('admin:' + token).encode()).decode()
res = []
def go():
    req = urllib.request.Request('http://127.0.0.1:%d/api1/collections/mem/objects/' % port, data=body, method='POST',
        headers={'Content-Type': 'application/taxii+json;version=2.1', 'Accept': 'application/taxii+json;version=2.1', 'Authorization': auth})
    t = time.time()
    try:
        with urllib.request.urlopen(req, timeout=300) as r:
            j = json.load(r); res.append((r.status, j.get('status'), j.get('failure_count'), round(time.time()-t,1)))
    except urllib.error.HTTPError as e:
        res.append((e.code, e.read()[:200], round(time.time()-t,1)))
    except Exception as e:
        res.append(('exc', str(e)[:200]))
ts = [threading.Thread(target=go) for _ in range(n)]
[t.start() for t in ts]; [t.join() for t in ts]
print(len(body), res)
