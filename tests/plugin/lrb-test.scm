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
