; lowrank-bokeh — batch bokeh for Script-Fu.
;
;   gimp -i -b '(lowrank-bokeh-batch "photos/*.jpg" 1 20 6 0 8 2.0)' -b '(gimp-quit 0)'
;   gimp-console-3.0 -i --batch-interpreter=plug-in-script-fu-eval \
;                    -b '(lowrank-bokeh-batch "photos/*.jpg" 1 20 6 0 8 2.0)' --quit
;
; Works in GIMP 2.10 and GIMP 3: the calls that differ between them are in
; lowrank-bokeh-api.scm, installed beside this file for the GIMP it is for.
;
; Loads every file the glob matches, applies plug-in-lowrank-bokeh to its
; active layer and saves the result next to it with "-bokeh" before the
; extension (photo.jpg -> photo-bokeh.jpg).  The originals are not touched,
; and files that already carry the suffix are skipped, so a second run does
; not blur the results again.  A file that does not decode completely (a
; truncated or corrupt PNG, JPEG, TIFF or PNM) is skipped with a message
; naming it and the reason, and nothing is written for it.  Returns
; (processed skipped).
;
; shape:    0 disc, 1 polygon, 2 box, 3 gaussian, 4 exponential, 5 DoG,
;           6 ring, 7 skewed box
; radius:   pixels;  blades: polygon corners (6 = hexagon);
; rotation: degrees; rank: separable terms, 0 = keep 99 % of the energy;
; gamma:    1 = plain blur, above 1 highlights bloom.
;
; SPDX-License-Identifier: GPL-3.0-or-later

(define (lowrank-bokeh--split-extension filename)
  ; ("dir/photo" . ".jpg"), or (filename . "") when there is no extension.
  (let loop ((i (- (string-length filename) 1)))
    (cond ((< i 0) (cons filename ""))
          ((char=? (string-ref filename i) #\/) (cons filename ""))
          ((char=? (string-ref filename i) #\.)
           (cons (substring filename 0 i)
                 (substring filename i (string-length filename))))
          (else (loop (- i 1))))))

(define (lowrank-bokeh--ends-with? text suffix)
  (let ((n (string-length text)) (m (string-length suffix)))
    (and (>= n m) (string=? (substring text (- n m) n) suffix))))

(define (lowrank-bokeh--output-name filename)
  (let ((parts (lowrank-bokeh--split-extension filename)))
    (string-append (car parts) "-bokeh" (cdr parts))))

(define (lowrank-bokeh-batch pattern shape radius blades rotation rank gamma)
  (let ((files (lowrank-bokeh--glob pattern))
        (done 0)
        (skipped 0))
    (for-each
     (lambda (filename)
       (if (not (lowrank-bokeh--ends-with?
                 (car (lowrank-bokeh--split-extension filename)) "-bokeh"))
           ; GIMP opens a truncated file with the missing rows blank:
           ; saving that would replace a good result with a broken one.
           (let ((check (lowrank-bokeh--check-image filename)))
             (if (= (car check) 0)
                 (begin
                   (set! skipped (+ skipped 1))
                   (gimp-message (string-append "lowrank-bokeh: skipped " (cadr check))))
                 (let* ((image (lowrank-bokeh--load filename))
                        (output (lowrank-bokeh--output-name filename)))
                   (if (> (lowrank-bokeh--layer-count image) 1)
                       (gimp-image-merge-visible-layers image CLIP-TO-IMAGE))
                   (let ((drawable (lowrank-bokeh--drawable image)))
                     (lowrank-bokeh--apply image drawable shape radius blades rotation 0.0
                                           rank 0.99 gamma 0 "")
                     (lowrank-bokeh--save image drawable output))
                   (gimp-image-delete image)
                   (set! done (+ done 1))
                   (gimp-message (string-append "lowrank-bokeh: " filename " -> " output)))))))
     files)
    (gimp-message (string-append "lowrank-bokeh: " (number->string done)
                                 " file(s) processed"
                                 (if (> skipped 0)
                                     (string-append ", " (number->string skipped)
                                                    " damaged file(s) skipped")
                                     "")))
    (list done skipped)))
