import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal `<dialog>`: focus moves into it and stays there, Escape closes it. Rendered only
 * while open; closing is the parent's decision (`onClose`), so the state stays in one place.
 */
export function ModalDialog(props: { labelledBy: string; testId: string; onClose: () => void; children: ReactNode }): React.JSX.Element {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby={props.labelledBy}
      data-testid={props.testId}
      onCancel={(event) => {
        event.preventDefault();
        props.onClose();
      }}
    >
      {props.children}
    </dialog>
  );
}
