; lowrank-bokeh — Script-Fu helpers for the plug-in tests (GIMP 2.10 and 3).
;
; SPDX-License-Identifier: GPL-3.0-or-later

; Runs THUNK; on an error prints "lrb-test-error: " and the message (what
; the caller of a failing procedure sees) and returns #f.  Script-Fu's own
; catch drops the message.
(define (lrb-test-try thunk)
  (call-with-current-continuation
   (lambda (return)
     (let ((saved *error-hook*))
       (set! *error-hook*
             (lambda (message . objects)
               (set! *error-hook* saved)
               (gimp-message (string-append "lrb-test-error: " message))
               (return #f)))
       (let ((result (thunk)))
         (set! *error-hook* saved)
         result)))))

; GIMP 3: prints how many filters DRAWABLE carries, then one line for each:
; "lrb-filter NAME|OPERATION|visible" (or hidden).
(define (lrb-test-report-filters drawable)
  (let* ((filters (car (gimp-drawable-get-filters drawable)))
         (n (vector-length filters)))
    (gimp-message (string-append "lrb-filters " (number->string n)))
    (let loop ((i 0))
      (if (< i n)
          (let* ((f (vector-ref filters i))
                 (visible (car (gimp-drawable-filter-get-visible f))))
            (gimp-message
             (string-append "lrb-filter " (car (gimp-drawable-filter-get-name f))
                            "|" (car (gimp-drawable-filter-get-operation-name f))
                            "|" (if (or (eq? visible #t) (eqv? visible 1))
                                    "visible" "hidden")))
            (loop (+ i 1)))))))

; Prints DRAWABLE's own pixel (R'G'B' 0 to 255) at each (x y) of POINTS,
; as "lrb-pixel X Y R G B": what the layer holds, not what its filters make
; of it.
(define (lrb-test-report-pixels drawable points)
  (for-each
   (lambda (p)
     (let ((c (car (gimp-drawable-get-pixel drawable (car p) (cadr p)))))
       (gimp-message
        (string-append "lrb-pixel " (number->string (car p)) " " (number->string (cadr p))
                       " " (number->string (car c)) " " (number->string (cadr c))
                       " " (number->string (caddr c))))))
   points))
