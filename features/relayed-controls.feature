@uc:relayed-controls
Feature: Controls through the MDM (IEC 61968-9 clause 5.4, use cases EDC-06, EDC-01, EDC-09, EDC-08 and PAN-03, pattern P6)
  The CIS asks the MDM to disconnect or connect a meter (EDC-06 step 1, UC-20: create(EndDeviceControls) in editions
  2013 and 2024; in the 2011 draft / EPRI form create(MeterServiceRequests) with a MeterServiceWork of kind disconnect /
  reconnect, completed by changed(MeterServiceRequests), CIM9-235; editions draft-2011 and 2013, whose MeterServiceRequests
  profile (2013 §5.5) carries these works; not 2024 (@edition-only:meter-service-requests): the 2024 edition keeps only a
  general subclause of meter service requests and no MeterServiceRequests profile, and there the CIS asks with
  create(EndDeviceControls), EDC-06.4 … EDC-06.7), and the DRMS asks it for a
  load-control start, a PAN control or a real-time price signal. The MDM passes the control on to its head-end with
  create(EndDeviceControls) (EDC-06 step 3) and answers the requester with the head-end's outcome. The suite plays
  the requester and the head-end at <listener>/hes (pics.MDM.sends), which accepts the controls of the
  meters it knows. The request the MDM sends the head-end is checked in three layers (schemas, envelope, the
  control codes) and against the control sent (EDC-RELAY-FORWARD): the same EndDeviceControlType code, the same
  meter and no other, exactly the PAN action sent with its price signal and prices; the requester's
  issuerTrackingID (CIM9-230) and timing (CIM9-231) kept, a warning by default when not.
  End to end (EDC-06 steps 4-6, the flow of EPRI ECITP 2.09): the head-end then tells the MDM the switch event and the
  final / initial register read, and the MDM tells the CIS the completion (UC-21: created(EndDeviceEvents) with the
  result event of the command and/or created(EndDeviceControls), at <listener>/cis/events).
  A load-control start of several meters (EDC-01 via the MDM: the LoadControl code, drProgramLevel / drProgramMandatory,
  a primaryDeviceTiming with randomisation start) is passed on with the same code, program level and devices, none
  dropped (EDC-RELAY-FORWARD; its timing and tracking per CIM9-231 / CIM9-230); the result events (x.15.0.242 Started)
  the head-end then tells the MDM reach the DRMS for every device, with the DRMS's issuerTrackingID (EDC-LC-RESULT,
  EDC-TRACKING per UC-16), at the requester's address (<listener>/cis/events). In 2024 the DRMS may target an
  EndDeviceGroup it defined at the MDM (EDC-01.8): the control reaches the head-end for exactly the group (EDC-RELAY-GROUP,
  CIM9-264) with its program level, and every member's result, and no other meter's, reaches the DRMS (UC-23).
  A cancel of the DRMS (cancel(EndDeviceControls) by the control's mRID or issuerTrackingID, EDC-01 step 4) reaches the
  head-end as cancel(EndDeviceControls) naming the control the head-end got, and nothing more of it follows
  (EDC-RELAY-CANCEL).
  A disconnect of an EndDeviceGroup (EDC-09, 2024) the CIS defined at the MDM reaches the head-end for exactly the group
  (its EndDeviceGroups target, or its members, CIM9-264: EDC-RELAY-GROUP), and the MDM tells the CIS the result of every
  member and of no other meter (EDC-GROUP-MEMBERS, UC-23).
  The error conditions of ECITP 2.09: when the final / initial read never comes (the head-end withholds it, and answers
  a read of the meter with 5.7) or comes without its value, the MDM tells the CIS a Result that is not OK — FAILED for
  a missing read, PARTIAL for an incomplete one (CIM9-261) — with code 5.7, in a message carrying a Reply correlated
  to the CIS's request (CIM9-260), within CIM9-262 (EDC-READ-RESULT).
  The failure path (EDC-06.13): the head-end accepts the control, then tells the MDM that the switch failed — the failure
  event of the command (…84 / …67, CIM9-301) and/or canceled(EndDeviceControls) naming the control (CIM9-304) — and the
  MDM must tell the CIS the failure (the failure event, canceled(EndDeviceControls) or a FAILED reply, CIM9-308) for the
  same meter and command, never a switch carried out nor a Result OK (EDC-FAILURE-EVENT, EDC-FAILURE-RESULT), correlated
  to the CIS's control (CIM9-309), and no final / initial read of the meter (EDC-RELAY-FAILURE).

  @usecase:EDC-06 @pattern:P6 @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:MDM @edition:2013 @req:EDC-06.4 @cap:relay
  Scenario Outline: The CIS asks the MDM to <command> a meter and the MDM passes the control on to its head-end
    Given a meter installed at a usage point
    When the CIS asks the MDM to "<command>" the meter, the suite playing its head-end
    Then the MDM passes the control on to the head-end
    And the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"

    Examples:
      | command    |
      | disconnect |
      | connect    |

  @usecase:EDC-06 @pattern:P6 @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:MDM @edition:2013 @req:EDC-06.5 @cap:relay
  Scenario Outline: The MDM has its head-end <command> a meter for the CIS and tells the CIS the completion
    Given a meter installed at a usage point
    When the CIS asks the MDM to "<command>" the meter, the suite playing its head-end
    Then the MDM passes the control on to the head-end
    And the reply has Result "OK"
    When the head-end tells the MDM the switch event of the meter
    Then the reply has Result "OK"
    When the head-end tells the MDM the register read of the meter after the switch
    Then the reply has Result "OK"
    When the CIS waits for the MDM's completion of its control
    Then every completion message is valid against its schemas and conformant
    And the completion is the result of the command for the meter

    Examples:
      | command    |
      | disconnect |
      | connect    |

  @usecase:EDC-06 @pattern:P6 @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:MDM @edition:2013 @req:EDC-06.6 @cap:relay
  Scenario Outline: The MDM tells the CIS FAILED with 5.7 when no read follows the <command> (ECITP 2.09 error condition)
    Given a meter installed at a usage point
    When the CIS asks the MDM to "<command>" the meter, the suite playing its head-end
    Then the MDM passes the control on to the head-end
    And the reply has Result "OK"
    When the head-end tells the MDM the switch event of the meter
    Then the reply has Result "OK"
    When the head-end sends the MDM no register read of the meter after the switch
    Then the MDM tells the CIS the missing data with a Result that is not OK and code 5.7

    Examples:
      | command    |
      | disconnect |
      | connect    |

  @usecase:EDC-06 @pattern:P6 @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:MDM @edition:2013 @req:EDC-06.7 @cap:relay
  Scenario Outline: The MDM tells the CIS PARTIAL with 5.7 when the read after the <command> is incomplete (ECITP 2.09 error condition)
    Given a meter installed at a usage point
    When the CIS asks the MDM to "<command>" the meter, the suite playing its head-end
    Then the MDM passes the control on to the head-end
    And the reply has Result "OK"
    When the head-end tells the MDM the switch event of the meter
    Then the reply has Result "OK"
    When the head-end tells the MDM an incomplete register read of the meter after the switch
    Then the reply has Result "OK"
    And the MDM tells the CIS the missing data with a Result that is not OK and code 5.7

    Examples:
      | command    |
      | disconnect |
      | connect    |

  @usecase:EDC-06 @pattern:P6 @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:MDM @edition:2013 @req:EDC-06.13 @cap:relay
  Scenario Outline: The MDM tells the CIS that the <command> its head-end could not carry out failed, and no read of the meter
    Given a meter installed at a usage point
    When the CIS asks the MDM to "<command>" the meter, the suite playing its head-end
    Then the MDM passes the control on to the head-end
    And the reply has Result "OK"
    When the head-end tells the MDM that the switch of the meter failed
    Then the reply has Result "OK"
    When the CIS waits for what the MDM tells it about its control that failed
    Then every message the MDM tells the CIS about it is valid against its schemas and conformant
    And the MDM tells the CIS the failure of the command for the meter, correlated to its control, and no read of the meter

    Examples:
      | command    |
      | disconnect |
      | connect    |

  @usecase:EDC-01 @pattern:P6 @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:MDM @edition:2013 @edition:draft-2011 @req:EDC-01.4 @cap:relay
  Scenario: The DRMS asks the MDM for a load-control event and the MDM passes it on to its head-end
    Given a meter installed at a usage point
    When the DRMS asks the MDM for a "load control" control of the meter, the suite playing its head-end
    Then the MDM passes the control on to the head-end
    And the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"

  @usecase:EDC-01 @pattern:P6 @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:MDM @edition:2013 @edition:draft-2011 @req:EDC-01.6 @cap:relay
  Scenario Outline: The DRMS cancels a load-control event at the MDM by its <key> and the MDM passes the cancel on to its head-end
    Given a meter installed at a usage point
    When the DRMS asks the MDM for a "load control" control of the meter, the suite playing its head-end
    Then the MDM passes the control on to the head-end
    And the reply has Result "OK"
    When the DRMS asks the MDM to cancel the control by its <key>
    Then the MDM passes the cancel on to the head-end and nothing more of the control follows
    And the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"

    Examples:
      | key              |
      | mRID             |
      | issuerTrackingID |

  @usecase:EDC-01 @pattern:P6 @edition:2024 @clause:2024:5.4 @meters:3
  @clause:2013:5.4 @role:MDM @edition:2013 @edition:draft-2011 @req:EDC-01.7 @cap:relay
  Scenario: The DRMS asks the MDM for a randomised load-control start of several meters; the MDM passes it on unchanged, relays every device's result and passes the cancel on
    Given 3 meters installed at usage points
    When the DRMS asks the MDM for a randomised load-control start of the meters, the suite playing its head-end
    Then the MDM passes the control on to the head-end
    And the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the head-end tells the MDM the load-control result event of every device of the control
    Then the reply has Result "OK"
    When the requester waits for the results of its control
    Then every result message is valid against its schemas and conformant
    And every device of the control has its result event and no other device has one
    When the DRMS asks the MDM to cancel the control by its issuerTrackingID
    Then the MDM passes the cancel on to the head-end and nothing more of the control follows
    And the reply has Result "OK"

  @usecase:EDC-01 @pattern:P6 @edition:2024 @clause:2024:5.4 @meters:3
  @role:MDM @req:EDC-01.8 @cap:relay
  Scenario: The DRMS asks the MDM for a load-control start of an EndDeviceGroup; the MDM passes it on for exactly the group with its program level and relays every member's result
    Given 3 meters installed at usage points
    And the MDM knows a group of all the meters but the last
    When the DRMS asks the MDM for a randomised load-control start of the group, the suite playing its head-end
    Then the MDM passes the control of the group on to the head-end
    And the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the head-end tells the MDM the load-control result event of every device of the control
    Then the reply has Result "OK"
    When the requester waits for the results of its control
    Then every result message is valid against its schemas and conformant
    And every device of the control has its result event and no other device has one

  @usecase:EDC-09 @pattern:P6 @edition:2024 @clause:2024:5.4 @meters:3
  @role:MDM @req:EDC-09.2 @cap:relay
  Scenario: The CIS disconnects an EndDeviceGroup through the MDM and gets the result of every member and of no other meter
    Given 3 meters installed at usage points
    And the MDM knows a group of all the meters but the last
    When the CIS asks the MDM to disconnect the group, the suite playing its head-end
    Then the MDM passes the control of the group on to the head-end
    And the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the head-end tells the MDM the switch event of every member of the group
    Then the reply has Result "OK"
    When the head-end tells the MDM the final register read of every member of the group
    Then the reply has Result "OK"
    When the requester waits for the results of its control
    Then every result message is valid against its schemas and conformant
    And every device of the control has its result event and no other device has one

  @usecase:PAN-03 @pattern:P6 @edition:2024 @clause:2024:5.7
  @clause:2013:5.9 @role:MDM @edition:2013 @edition:draft-2011 @req:PAN-03.2 @cap:relay
  Scenario Outline: The DRMS asks the MDM for a <kind> PAN control and the MDM passes it on with exactly that action
    Given a meter installed at a usage point
    When the DRMS asks the MDM for a "<kind>" control of the meter, the suite playing its head-end
    Then the MDM passes the control on to the head-end
    And the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"

    Examples:
      | kind            |
      | text message    |
      | demand response |

  @usecase:EDC-08 @pattern:P6 @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:MDM @edition:2013 @edition:draft-2011 @req:EDC-08.2 @cap:relay
  Scenario: The DRMS asks the MDM for a real-time price signal and the MDM passes it on with its prices
    Given a meter installed at a usage point
    When the DRMS asks the MDM for a "price signal" control of the meter, the suite playing its head-end
    Then the MDM passes the control on to the head-end
    And the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"

  @usecase:EDC-06 @pattern:P6 @clause:2013:5.4
  @role:MDM @edition:2013 @edition:draft-2011 @edition-only:meter-service-requests @req:EDC-06.8 @cap:relay
  Scenario Outline: The CIS asks the MDM to <command> a meter with a meter service request and gets changed(MeterServiceRequests) (EPRI ECITP 2.09)
    Given a meter installed at a usage point
    When the CIS asks the MDM for a "<command>" meter service request, the suite playing its head-end
    Then the MDM passes the control on to the head-end
    And the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the head-end tells the MDM the switch event of the meter
    Then the reply has Result "OK"
    When the head-end tells the MDM the register read of the meter after the switch
    Then the reply has Result "OK"
    And the MDM tells the CIS the meter service request completed

    Examples:
      | command    |
      | disconnect |
      | connect    |

  @usecase:EDC-06 @pattern:P6 @clause:2013:5.4
  @role:MDM @edition:2013 @edition:draft-2011 @edition-only:meter-service-requests @req:EDC-06.9 @cap:relay
  Scenario Outline: The MDM answers a meter service request to <command> with FAILED 5.7 when no read follows the switch (EPRI ECITP 2.09 error condition)
    Given a meter installed at a usage point
    When the CIS asks the MDM for a "<command>" meter service request, the suite playing its head-end
    Then the MDM passes the control on to the head-end
    And the reply has Result "OK"
    When the head-end tells the MDM the switch event of the meter
    Then the reply has Result "OK"
    When the head-end sends the MDM no register read of the meter after the switch
    Then the MDM tells the CIS the missing data with a Result that is not OK and code 5.7

    Examples:
      | command    |
      | disconnect |
      | connect    |
