// Command tlog-check verifies a Parley node's transparency log from the outside, with Go's
// golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog (code that Parley did not write):
// the checkpoint's signed note under the log's key, every hash tile against the signed root, every
// entry bundle against the tree, an inclusion proof per sampled leaf, consistency with an older
// checkpoint, and the Ed25519 cosignatures (c2sp.org/tlog-cosignature) of the witnesses named.
//
// Exit codes: 0 every check held, 1 a check failed, 2 usage or fetch error.
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Hash tiles of height 8, as c2sp.org/tlog-tiles fixes.
const height = 8

type witnessKeys []string

func (w *witnessKeys) String() string     { return strings.Join(*w, ",") }
func (w *witnessKeys) Set(v string) error { *w = append(*w, v); return nil }

var client = &http.Client{Timeout: 30 * time.Second}

func main() {
	base := flag.String("url", "", "the log's base URL, ending in /log/")
	key := flag.String("key", "", "the log's verifier key (name+hash+base64)")
	old := flag.String("old", "", "a file holding an earlier checkpoint of the log, to check consistency with")
	save := flag.String("save", "", "write the checkpoint checked to this file")
	cosigned := flag.Int("cosigned", 0, "how many of the -witness keys must have cosigned the checkpoint")
	evidence := flag.String("evidence", "", "check this file of fork evidence (parley log evidence --format json) instead of the log")
	var witnesses witnessKeys
	flag.Var(&witnesses, "witness", "a witness's verifier key (type 0x04, c2sp.org/tlog-cosignature); repeatable")
	flag.Parse()
	if *key == "" || (*evidence == "" && (*base == "" || !strings.HasSuffix(*base, "/"))) {
		fmt.Fprintln(os.Stderr, "usage: tlog-check -url http://HOST:PORT/log/ -key VKEY [-old FILE] [-save FILE] [-witness VKEY -cosigned N]")
		fmt.Fprintln(os.Stderr, "       tlog-check -key VKEY -evidence FILE")
		os.Exit(2)
	}
	var err error
	if *evidence != "" {
		err = checkEvidence(*evidence, *key)
	} else {
		err = run(*base, *key, *old, *save, witnesses, *cosigned)
	}
	if err != nil {
		var usage usageError
		if errors.As(err, &usage) {
			fmt.Fprintln(os.Stderr, "tlog-check:", err)
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "tlog-check: FAILED:", err)
		os.Exit(1)
	}
}

type usageError struct{ error }

func run(base, vkey, oldFile, saveFile string, witnesses []string, need int) error {
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		return usageError{fmt.Errorf("the log key: %v", err)}
	}
	raw, err := fetch(base + "checkpoint")
	if err != nil {
		return usageError{err}
	}
	n, err := note.Open(raw, note.VerifierList(verifier))
	if err != nil {
		return fmt.Errorf("the checkpoint's signed note does not verify under %s: %v", verifier.Name(), err)
	}
	origin, tree, err := parseCheckpoint(n.Text)
	if err != nil {
		return err
	}
	// c2sp.org/tlog-checkpoint: the origin line names the log, and its key bears that name
	if origin != verifier.Name() {
		return fmt.Errorf("the checkpoint's origin %q is not the key's name %q", origin, verifier.Name())
	}
	fmt.Printf("checkpoint: origin %s, size %d, root %s, signed by %s\n", origin, tree.N, tree.Hash, verifier.Name())

	tiles := &tileFetcher{base: base}
	hashes := tlog.TileHashReader(tree, tiles)
	root, err := tlog.TreeHash(tree.N, hashes)
	if err != nil {
		return fmt.Errorf("the tree hash from the tiles: %v", err)
	}
	if root != tree.Hash {
		return fmt.Errorf("the tiles give root %s, the checkpoint says %s", root, tree.Hash)
	}
	fmt.Printf("hash tiles: %d fetched, root recomputed and equal\n", tiles.fetched)

	if err := checkEntries(base, tree, hashes); err != nil {
		return err
	}
	if oldFile != "" {
		if err := checkConsistency(oldFile, verifier, tree, hashes); err != nil {
			return err
		}
	}
	if len(witnesses) > 0 || need > 0 {
		if err := checkCosignatures(raw, n.Text, witnesses, need); err != nil {
			return err
		}
	}
	if saveFile != "" {
		if err := os.WriteFile(saveFile, raw, 0o644); err != nil {
			return usageError{err}
		}
	}
	fmt.Println("all checks held")
	return nil
}

// parseCheckpoint reads the three lines c2sp.org/tlog-checkpoint requires (extension lines may follow).
func parseCheckpoint(text string) (string, tlog.Tree, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) < 3 {
		return "", tlog.Tree{}, fmt.Errorf("a checkpoint has at least three lines, this one %d", len(lines))
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || (len(lines[1]) > 1 && lines[1][0] == '0') {
		return "", tlog.Tree{}, fmt.Errorf("the tree size line %q is not a decimal without leading zeros", lines[1])
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		return "", tlog.Tree{}, fmt.Errorf("the root hash line %q: %v", lines[2], err)
	}
	return lines[0], tlog.Tree{N: size, Hash: root}, nil
}

// checkEntries reads every entry bundle (tile/entries/N[.p/W]) and checks each entry's leaf hash,
// and an inclusion proof for the first and last leaf of every bundle.
func checkEntries(base string, tree tlog.Tree, hashes tlog.HashReader) error {
	var entries int64
	for start := int64(0); start < tree.N; start += 1 << height {
		w := tree.N - start
		if w > 1<<height {
			w = 1 << height
		}
		t := tlog.Tile{H: height, L: -1, N: start >> height, W: int(w)}
		body, err := fetch(base + "tile/entries/" + strings.TrimPrefix(t.Path(), "tile/8/data/"))
		if err != nil {
			return err
		}
		var records [][]byte
		for rest := body; len(rest) > 0; {
			if len(rest) < 2 {
				return fmt.Errorf("entry bundle %d: a length prefix is cut short", t.N)
			}
			l := int(binary.BigEndian.Uint16(rest))
			if len(rest) < 2+l {
				return fmt.Errorf("entry bundle %d: an entry of %d bytes is cut short", t.N, l)
			}
			records = append(records, rest[2:2+l])
			rest = rest[2+l:]
		}
		if int64(len(records)) != w {
			return fmt.Errorf("entry bundle %d holds %d entries, the tree needs %d", t.N, len(records), w)
		}
		indexes := make([]int64, len(records))
		for i := range records {
			indexes[i] = tlog.StoredHashIndex(0, start+int64(i))
		}
		leaves, err := hashes.ReadHashes(indexes)
		if err != nil {
			return fmt.Errorf("entry bundle %d: leaf hashes from the tiles: %v", t.N, err)
		}
		for i, r := range records {
			if tlog.RecordHash(r) != leaves[i] {
				return fmt.Errorf("leaf %d: its entry hashes to %s, the tree holds %s", start+int64(i), tlog.RecordHash(r), leaves[i])
			}
		}
		for _, i := range []int64{start, start + w - 1} {
			proof, err := tlog.ProveRecord(tree.N, i, hashes)
			if err != nil {
				return fmt.Errorf("leaf %d: inclusion proof: %v", i, err)
			}
			if err := tlog.CheckRecord(proof, tree.N, tree.Hash, i, tlog.RecordHash(records[i-start])); err != nil {
				return fmt.Errorf("leaf %d: inclusion proof does not check: %v", i, err)
			}
		}
		entries += w
	}
	fmt.Printf("entry bundles: %d entries, each hashed to its leaf; inclusion proofs checked\n", entries)
	return nil
}

func checkConsistency(file string, verifier note.Verifier, tree tlog.Tree, hashes tlog.HashReader) error {
	raw, err := os.ReadFile(file)
	if err != nil {
		return usageError{err}
	}
	n, err := note.Open(raw, note.VerifierList(verifier))
	if err != nil {
		return fmt.Errorf("the earlier checkpoint does not verify: %v", err)
	}
	_, older, err := parseCheckpoint(n.Text)
	if err != nil {
		return err
	}
	if older.N > tree.N {
		return fmt.Errorf("the log shrank: an earlier checkpoint has size %d, the current one %d", older.N, tree.N)
	}
	proof, err := tlog.ProveTree(tree.N, older.N, hashes)
	if err != nil {
		return fmt.Errorf("consistency proof %d -> %d: %v", older.N, tree.N, err)
	}
	if err := tlog.CheckTree(proof, tree.N, tree.Hash, older.N, older.Hash); err != nil {
		return fmt.Errorf("the log is not consistent with the earlier checkpoint of size %d: %v", older.N, err)
	}
	fmt.Printf("consistency: size %d -> %d proven append-only\n", older.N, tree.N)
	return nil
}

// checkCosignatures verifies, by c2sp.org/tlog-cosignature's Ed25519 type, the signature lines of
// the named witnesses, and that at least need of them cosigned.
func checkCosignatures(raw []byte, text string, witnesses []string, need int) error {
	sigs := bytes.SplitN(raw, []byte("\n\n"), 2)
	if len(sigs) != 2 {
		return fmt.Errorf("the checkpoint has no signature lines")
	}
	valid := 0
	for _, w := range witnesses {
		name, id, pub, err := cosignerKey(w)
		if err != nil {
			return usageError{err}
		}
		found := false
		for _, line := range strings.Split(strings.TrimSuffix(string(sigs[1]), "\n"), "\n") {
			prefix := "\u2014 " + name + " "
			if !strings.HasPrefix(line, prefix) {
				continue
			}
			sig, err := base64.StdEncoding.DecodeString(line[len(prefix):])
			if err != nil || len(sig) != 4+8+64 || !bytes.Equal(sig[:4], id) {
				continue
			}
			ts := binary.BigEndian.Uint64(sig[4:12])
			if ts > 1<<63-1 {
				return fmt.Errorf("witness %s: timestamp %d exceeds 2^63-1", name, ts)
			}
			msg := "cosignature/v1\ntime " + strconv.FormatUint(ts, 10) + "\n" + text
			if !ed25519.Verify(pub, []byte(msg), sig[12:]) {
				return fmt.Errorf("witness %s: the cosignature's key ID matches but its signature does not verify", name)
			}
			fmt.Printf("cosignature: %s at %s verifies\n", name, time.Unix(int64(ts), 0).UTC().Format(time.RFC3339))
			found = true
		}
		if found {
			valid++
		} else {
			fmt.Printf("cosignature: none by %s\n", name)
		}
	}
	if valid < need {
		return fmt.Errorf("%d of the named witnesses cosigned, %d needed", valid, need)
	}
	return nil
}

// cosignerKey decodes a vkey of type 0x04 and computes its key ID as c2sp.org/tlog-cosignature says.
func cosignerKey(vkey string) (string, []byte, ed25519.PublicKey, error) {
	parts := strings.SplitN(vkey, "+", 3)
	if len(parts) != 3 {
		return "", nil, nil, fmt.Errorf("witness key %q is not name+hash+base64", vkey)
	}
	material, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || len(material) != 33 || material[0] != 0x04 {
		return "", nil, nil, fmt.Errorf("witness key %q is not an Ed25519 cosigner key (type 0x04)", vkey)
	}
	h := sha256.New()
	h.Write([]byte(parts[0] + "\n"))
	h.Write(material)
	id := h.Sum(nil)[:4]
	if fmt.Sprintf("%08x", binary.BigEndian.Uint32(id)) != parts[1] {
		return "", nil, nil, fmt.Errorf("witness key %q: its key hash is not SHA-256(name || \\n || 0x04 || key)[:4]", vkey)
	}
	return parts[0], id, ed25519.PublicKey(material[1:]), nil
}

// tileFetcher reads hash tiles at c2sp.org/tlog-tiles paths (tile/<L>/<N>[.p/<W>], no height element).
type tileFetcher struct {
	base    string
	fetched int
}

func (f *tileFetcher) Height() int { return height }

func (f *tileFetcher) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		body, err := fetch(f.base + "tile/" + strings.TrimPrefix(t.Path(), "tile/8/"))
		if err != nil {
			return nil, err
		}
		if len(body) != t.W*tlog.HashSize {
			return nil, fmt.Errorf("tile %s: %d bytes, %d expected", t.Path(), len(body), t.W*tlog.HashSize)
		}
		out[i] = body
		f.fetched++
	}
	return out, nil
}

func (f *tileFetcher) SaveTiles([]tlog.Tile, [][]byte) {}

func fetch(url string) ([]byte, error) {
	resp, err := client.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<24))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return body, nil
}

// checkEvidence checks records of fork evidence (tlog/EVIDENCE-FORMAT.md) with the log's key alone:
// both notes verify (Go's sumdb/note), name the key's origin, and either sign two roots for one size
// or come with a consistency path (RFC 9162 section 2.1.4.2, folded here) that leads to the larger
// signed root and not to the smaller one.
func checkEvidence(file, vkey string) error {
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		return usageError{fmt.Errorf("the log key: %v", err)}
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		return usageError{err}
	}
	var records []struct {
		Origin string   `json:"origin"`
		Notes  []string `json:"notes"`
		Proof  []string `json:"proof"`
	}
	if err := json.Unmarshal(raw, &records); err != nil {
		return fmt.Errorf("the evidence is not a JSON list of records: %v", err)
	}
	if len(records) == 0 {
		return fmt.Errorf("the evidence file holds no record")
	}
	for i, r := range records {
		if r.Origin != verifier.Name() || len(r.Notes) != 2 {
			return fmt.Errorf("record %d: origin %q with %d notes; want origin %q and two notes", i, r.Origin, len(r.Notes), verifier.Name())
		}
		var trees [2]tlog.Tree
		for j, text := range r.Notes {
			n, err := note.Open([]byte(text), note.VerifierList(verifier))
			if err != nil {
				return fmt.Errorf("record %d, note %d does not verify under the log's key: %v", i, j, err)
			}
			origin, tree, err := parseCheckpoint(n.Text)
			if err != nil {
				return fmt.Errorf("record %d, note %d: %v", i, j, err)
			}
			if origin != r.Origin {
				return fmt.Errorf("record %d, note %d: origin %q", i, j, origin)
			}
			trees[j] = tree
		}
		small, large := trees[0], trees[1]
		switch {
		case small.N == large.N:
			if small.Hash == large.Hash || len(r.Proof) != 0 {
				return fmt.Errorf("record %d: one size, but the roots are equal or a proof is given", i)
			}
			fmt.Printf("evidence %d: two signed roots for size %d: a fork\n", i, small.N)
		case small.N < large.N:
			path := make([]tlog.Hash, len(r.Proof))
			for k, p := range r.Proof {
				if path[k], err = tlog.ParseHash(p); err != nil {
					return fmt.Errorf("record %d, proof line %d: %v", i, k, err)
				}
			}
			fr, sr, ok := fold(small.N, large.N, path)
			if !ok || sr != large.Hash {
				return fmt.Errorf("record %d: the path does not lead to the signed root of size %d: no evidence", i, large.N)
			}
			if fr == small.Hash {
				return fmt.Errorf("record %d: the path is consistent with both notes: no fork", i)
			}
			fmt.Printf("evidence %d: the signed tree of size %d contradicts the signed root of size %d: a fork\n", i, large.N, small.N)
		default:
			return fmt.Errorf("record %d: the smaller tree must come first", i)
		}
	}
	fmt.Println("all evidence holds")
	return nil
}

// fold runs RFC 9162 section 2.1.4.2 steps 3-6 on a self-contained path (its first element the
// root of the first m leaves when m is a power of two) and returns the two roots it yields.
func fold(m, n int64, path []tlog.Hash) (tlog.Hash, tlog.Hash, bool) {
	if m <= 0 || len(path) == 0 {
		return tlog.Hash{}, tlog.Hash{}, false
	}
	fn, sn := m-1, n-1
	for fn&1 == 1 {
		fn >>= 1
		sn >>= 1
	}
	fr, sr := path[0], path[0]
	for _, c := range path[1:] {
		if sn == 0 {
			return tlog.Hash{}, tlog.Hash{}, false
		}
		if fn&1 == 1 || fn == sn {
			fr = tlog.NodeHash(c, fr)
			sr = tlog.NodeHash(c, sr)
			if fn&1 == 0 {
				for fn&1 == 0 && fn != 0 {
					fn >>= 1
					sn >>= 1
				}
			}
		} else {
			sr = tlog.NodeHash(sr, c)
		}
		fn >>= 1
		sn >>= 1
	}
	return fr, sr, sn == 0
}
